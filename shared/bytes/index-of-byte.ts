/**
 * `bytes.indexOf(value, from)` for the scans that cross megabytes without a hit (a dot or a
 * dash in base64). V8's TypedArray indexOf looks at one element per step, with checks: about
 * 1.6 GB/s in Chromium 150, a quarter of the sync Worker's own parsing time on the bench
 * mailbox. This reads four bytes per step as an Int32 and tests them for `value` at once
 * (about 4.4 GB/s there). The first bytes are read one by one: in text the next hit is
 * usually near, and setting up the word view would cost more than it saves.
 */
const NEAR = 64;
const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;

/** The index of the first `value` (0–255) at or after `from` (≥ 0), or -1. */
export function indexOfByte(bytes: Uint8Array, value: number, from = 0): number {
  const end = bytes.length;
  let i = from;
  const near = Math.min(end, i + NEAR);
  for (; i < near; i++) if (bytes[i] === value) return i;
  for (; i < end && ((bytes.byteOffset + i) & 3) !== 0; i++) if (bytes[i] === value) return i;
  const words = (end - i) >> 2;
  if (words > 0) {
    const view = new Int32Array(bytes.buffer, bytes.byteOffset + i, words);
    const pattern = Math.imul(value, ONES);
    for (let k = 0; k < words; k++) {
      // A word holds `value` iff x has a zero byte, and (x - 0x01..) & ~x & 0x80.. is non-zero
      // iff x has one (it can misplace which byte, never miss or invent one).
      const x = view[k]! ^ pattern;
      if (((x - ONES) & ~x & HIGHS) !== 0) {
        const at = i + 4 * k;
        for (let j = at; j < at + 4; j++) if (bytes[j] === value) return j;
      }
    }
    i += words * 4;
  }
  for (; i < end; i++) if (bytes[i] === value) return i;
  return -1;
}
