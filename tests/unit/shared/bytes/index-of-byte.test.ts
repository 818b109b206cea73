import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexOfByte } from '../../../../shared/bytes/index.ts';

describe('indexOfByte', () => {
  it('finds what Uint8Array.indexOf finds, at every offset of views into a larger buffer', () => {
    // Few distinct bytes, so hits are sometimes near, sometimes hundreds of bytes away, and
    // words that hold the byte sit beside words that hold its neighbours (0x2d, 0x2e, 0x2f).
    const byte = fc.oneof(fc.constantFrom(0x2d, 0x2e, 0x2f, 0x00, 0xff, 0x80), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(byte, fc.integer({ min: 1, max: 300 })), { maxLength: 12 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 255 }),
        fc.nat(),
        (runs, offset, value, fromSeed) => {
          const content = runs.flatMap(([b, n]) => Array<number>(n).fill(b));
          const buffer = new Uint8Array(offset + content.length + 5);
          buffer.set(content, offset);
          const bytes = buffer.subarray(offset, offset + content.length);
          const from = content.length === 0 ? 0 : fromSeed % (content.length + 1);
          expect(indexOfByte(bytes, value, from)).toBe(bytes.indexOf(value, from));
          expect(indexOfByte(bytes, value)).toBe(bytes.indexOf(value));
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('finds a byte far past the first word-aligned stretch, and not one outside the view', () => {
    const buffer = new Uint8Array(10_000).fill(0x41);
    buffer[9_000] = 0x2e;
    buffer[9_990] = 0x2d;
    expect(indexOfByte(buffer, 0x2e)).toBe(9_000);
    expect(indexOfByte(buffer, 0x2e, 9_001)).toBe(-1);
    expect(indexOfByte(buffer.subarray(3, 9_990), 0x2d)).toBe(-1);
    expect(indexOfByte(buffer.subarray(3), 0x2d)).toBe(9_987);
  });
});
