import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractApopTimestamp } from '../../../../shared/pop3/greeting.ts';
import { fastestMs } from '../../../support/scan-time.ts';

/** The single pattern it replaced: the reference on short greetings. */
const REFERENCE = /<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>/;

describe('extractApopTimestamp', () => {
  it('finds the first <local@domain> timestamp in a greeting', () => {
    expect(extractApopTimestamp('POP3 ready <1896.697170952@dbc.mtview.ca.us>')).toBe('<1896.697170952@dbc.mtview.ca.us>');
    expect(extractApopTimestamp('ready <no-at-sign> then <a@b>')).toBe('<a@b>');
    expect(extractApopTimestamp('ready <@b> <a@> <a b@c>')).toBeNull();
    expect(extractApopTimestamp('ready <@a@b>')).toBe('<@a@b>');
    expect(extractApopTimestamp('ready')).toBeNull();
  });

  it('agrees with the single-pattern reading on any short greeting', () => {
    const greeting = fc.array(fc.constantFrom('<', '>', '@', 'a', ' ', '.', '<a@b>', '\u00e9'), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(greeting, (text) => {
        expect(extractApopTimestamp(text)).toBe(REFERENCE.exec(text)?.[0] ?? null);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads 1 MB of brackets, at signs and no closer in linear time', () => {
    // Far past the 8 KiB line limit the client applies, so the bound holds whatever that limit is.
    const benignMs = fastestMs(() => extractApopTimestamp('+OK ' + 'ready '.repeat(170_000)));
    for (const unit of ['a@', '<a@', '<', '@', '<a']) {
      const text = '+OK <' + unit.repeat(Math.ceil(1_000_000 / unit.length));
      // The single pattern took 18 ms for 8 KiB of "a@", so hours for 1 MB.
      expect(fastestMs(() => extractApopTimestamp(text), 1)).toBeLessThan(500 + 20 * benignMs);
    }
  });
});
