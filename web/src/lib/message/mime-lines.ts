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
/**
 * For a 16-bit word: how many of its two bytes are in the alphabet (the same in either byte
 * order), plus PAD_SEEN when either is '='.
 */
const PAD_SEEN = 4;
const PAIR_SCAN = (() => {
  const table = new Uint8Array(65536);
  for (let word = 0; word < 65536; word++) {
    const low = word & 0xff;
    const high = word >> 8;
    table[word] = IN_ALPHABET[low]! + IN_ALPHABET[high]! + (low === PAD || high === PAD ? PAD_SEEN : 0);
  }
  return table;
})();

/**
 * Octets postal-mime's Base64Decoder yields for this body: it drops everything outside the
 * alphabet, and '=' runs split the rest into units decoded one by one. This runs over every
 * attachment byte of a sync (~90 MB on the bench mailbox), so it reads the body once, two
 * bytes at a time, counting the alphabet and stopping at each '=' (in Chromium an indexOf
 * for '=' first was a second pass at ~1.6 GB/s, ~55 ms of the sync Worker per loopback sync).
 */
export function base64DecodedSize(body: Uint8Array): number {
  let size = 0;
  for (let from = 0; ; ) {
    const unit = scanUnit(body, from);
    size += unitOctets(unit.alphabet);
    if (unit.pad < 0) return size;
    from = unit.pad + 1;
  }
}

/** The alphabet bytes from `from` up to the next '=', and where that '=' is (-1: none). */
function scanUnit(body: Uint8Array, from: number): { alphabet: number; pad: number } {
  const end = body.length;
  let alphabet = 0;
  let i = from;
  if ((body.byteOffset + i) % 2 === 1 && i < end) {
    if (body[i] === PAD) return { alphabet, pad: i };
    alphabet += IN_ALPHABET[body[i++]!]!;
  }
  const pairs = (end - i) >> 1;
  if (pairs > 0) {
    const words = new Uint16Array(body.buffer, body.byteOffset + i, pairs);
    for (let k = 0; k < pairs; k++) {
      const seen = PAIR_SCAN[words[k]!]!;
      if (seen < PAD_SEEN) {
        alphabet += seen;
        continue;
      }
      const at = i + 2 * k;
      if (body[at] === PAD) return { alphabet, pad: at };
      return { alphabet: alphabet + IN_ALPHABET[body[at]!]!, pad: at + 1 };
    }
    i += pairs * 2;
  }
  if (i < end) {
    if (body[i] === PAD) return { alphabet, pad: i };
    alphabet += IN_ALPHABET[body[i]!]!;
  }
  return { alphabet, pad: -1 };
}

function unitOctets(unit: number): number {
  const length = unit % 4 === 1 ? unit - 1 : unit;
  const rest = length % 4;
  return ((length - rest) / 4) * 3 + (rest > 0 ? rest - 1 : 0);
}
