import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotStuff } from '../../../../shared/pop3/index.ts';
import { MultilineBodyDecoder } from '../../../../shared/pop3/multiline-body-decoder.ts';
import { bytes, latin1 } from './support/drive.ts';

/** Decodes wire bytes cut into pieces at `cuts`; returns the body and the bytes left over. */
function unstuff(wire: Uint8Array, cuts: number[] = []): { body: Uint8Array; rest: number } {
  const decoder = new MultilineBodyDecoder(Number.MAX_SAFE_INTEGER);
  const bounds = [...new Set([...cuts.filter((c) => c > 0 && c < wire.length), wire.length])].sort((a, b) => a - b);
  let from = 0;
  let rest = 0;
  for (const to of bounds) {
    const chunk = wire.subarray(from, to);
    const used = decoder.feed(chunk);
    if (decoder.done) {
      rest = wire.length - (from + used);
      break;
    }
    from = to;
  }
  expect(decoder.done).toBe(true);
  return { body: decoder.finish(), rest };
}

/** Arbitrary bytes, weighted towards the ones that matter to framing: CR, LF and ".". */
const bodyByte = fc.oneof(fc.constantFrom(0x0d, 0x0a, 0x2e), fc.integer({ min: 0, max: 255 }));
/** A body as POP3 can carry it: empty, or ending in a line break. */
const body = fc.array(bodyByte, { maxLength: 300 }).map((b) => Uint8Array.from(b.length === 0 ? b : [...b, 0x0d, 0x0a]));

describe('dotStuff', () => {
  it('adds a dot before each line that starts with one, and the terminator', () => {
    expect(latin1(dotStuff(bytes('.a\r\nb\r\n..c\r\n')))).toBe('..a\r\nb\r\n...c\r\n.\r\n');
  });

  it('adds a CRLF before the terminator when the body does not end with a line break', () => {
    expect(latin1(dotStuff(bytes('abc')))).toBe('abc\r\n.\r\n');
  });

  it('sends just the terminator for an empty body', () => {
    expect(latin1(dotStuff(new Uint8Array(0)))).toBe('.\r\n');
  });

  it('round-trips any body ending in a line break through stuffing and unstuffing', () => {
    fc.assert(
      fc.property(body, (original) => {
        const { body: decoded, rest } = unstuff(dotStuff(original));
        expect(decoded).toEqual(original);
        expect(rest).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips however the stuffed bytes are chunked, and leaves what follows the terminator', () => {
    fc.assert(
      fc.property(body, fc.array(fc.nat({ max: 400 }), { maxLength: 20 }), (original, cuts) => {
        const stuffed = dotStuff(original);
        const wire = Uint8Array.from([...stuffed, ...bytes('+OK next\r\n')]);
        const { body: decoded, rest } = unstuff(wire, cuts);
        expect(decoded).toEqual(original);
        expect(rest).toBe(10);
      }),
      { numRuns: 500 },
    );
  });
});
