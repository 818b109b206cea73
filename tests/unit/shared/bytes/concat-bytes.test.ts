import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../../shared/bytes/index.ts';

describe('concatBytes', () => {
  it('joins the parts in order', () => {
    expect(concatBytes([Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3)])).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('returns a single part as it is, without copying', () => {
    const part = Uint8Array.of(7, 8);
    expect(concatBytes([part])).toBe(part);
  });
});
