// Lines, boundaries and base64 sizes of a MIME body, read as postal-mime reads them, for the
// scanners that spare the sync a full parse (strip-attachments.ts, quick-metadata.ts).

export interface Line {
  start: number;
  /** Index after the line's content, before CRLF/LF. */
  end: number;
  /** Index after the line break. */
  next: number;
}

export function lineAt(raw: Uint8Array, start: number): Line {
  let lf = raw.indexOf(10, start);
  if (lf < 0) lf = raw.length;
  const end = lf > start && raw[lf - 1] === 13 ? lf - 1 : lf;
  return { start, end, next: Math.min(lf + 1, raw.length) };
}

/** "--b" or "--b--" with only spaces/tabs after, as postal-mime matches them (innermost boundary first). */
export function boundaryOf(raw: Uint8Array, line: Line, boundaries: readonly Uint8Array[]): { index: number; close: boolean } | null {
  const length = line.end - line.start;
  if (length <= 2 || raw[line.start] !== 0x2d || raw[line.start + 1] !== 0x2d) return null;
  for (let i = boundaries.length - 1; i >= 0; i--) {
    const b = boundaries[i]!;
    if (length < b.length + 2) continue;
    let same = true;
    for (let j = 0; j < b.length && same; j++) same = raw[line.start + 2 + j] === b[j];
    if (!same) continue;
    let tail = line.start + 2 + b.length;
    const close = line.end - tail >= 2 && raw[tail] === 0x2d && raw[tail + 1] === 0x2d;
    if (close) tail += 2;
    let blank = true;
    for (let j = tail; j < line.end && blank; j++) blank = raw[j] === 0x20 || raw[j] === 0x09;
    if (blank) return { index: i, close };
  }
  return null;
}

const PAD = 0x3d; // '='
/** 1 for a byte of the base64 alphabet, else 0. */
const IN_ALPHABET = (() => {
  const table = new Uint8Array(256);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') table[c.charCodeAt(0)] = 1;
  return table;
})();
/** How many of a 16-bit word's two bytes are in the alphabet (the same in either byte order). */
const PAIR_IN_ALPHABET = (() => {
  const table = new Uint8Array(65536);
  for (let word = 0; word < 65536; word++) table[word] = IN_ALPHABET[word & 0xff]! + IN_ALPHABET[word >> 8]!;
  return table;
})();

/**
 * Octets postal-mime's Base64Decoder yields for this body: it drops everything outside the
 * alphabet, and '=' runs split the rest into units decoded one by one. This runs over every
 * attachment byte of a sync (~90 MB on the bench mailbox): the '=' are found with indexOf and
 * the alphabet between them is counted two bytes at a time (83–120 ms in Node on the bench
 * mailbox, 150–200 ms one byte at a time).
 */
export function base64DecodedSize(body: Uint8Array): number {
  let size = 0;
  for (let from = 0; ; ) {
    const pad = body.indexOf(PAD, from);
    const unit = alphabetBytes(body, from, pad < 0 ? body.length : pad);
    size += unitOctets(unit);
    if (pad < 0) return size;
    from = pad + 1;
  }
}

function alphabetBytes(body: Uint8Array, from: number, end: number): number {
  let count = 0;
  let i = from;
  if ((body.byteOffset + i) % 2 === 1 && i < end) count += IN_ALPHABET[body[i++]!]!;
  const pairs = (end - i) >> 1;
  if (pairs > 0) {
    const words = new Uint16Array(body.buffer, body.byteOffset + i, pairs);
    for (let k = 0; k < pairs; k++) count += PAIR_IN_ALPHABET[words[k]!]!;
    i += pairs * 2;
  }
  if (i < end) count += IN_ALPHABET[body[i]!]!;
  return count;
}

function unitOctets(unit: number): number {
  const length = unit % 4 === 1 ? unit - 1 : unit;
  const rest = length % 4;
  return ((length - rest) / 4) * 3 + (rest > 0 ? rest - 1 : 0);
}
