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

const ALPHABET = 1;
const PAD = 2;
const BASE64_CLASS = (() => {
  const table = new Uint8Array(256);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') table[c.charCodeAt(0)] = ALPHABET;
  table[0x3d] = PAD;
  return table;
})();

/**
 * Octets postal-mime's Base64Decoder yields for this body: it drops everything outside the
 * alphabet, and '=' runs split the rest into units decoded one by one. A table and plain
 * locals: this runs over every attachment byte of a sync (~90 MB on the bench mailbox).
 */
export function base64DecodedSize(body: Uint8Array): number {
  let size = 0;
  let unit = 0;
  for (let i = 0; i < body.length; i++) {
    const kind = BASE64_CLASS[body[i]!];
    if (kind === ALPHABET) {
      unit++;
    } else if (kind === PAD && unit > 0) {
      size += unitOctets(unit);
      unit = 0;
    }
  }
  return size + unitOctets(unit);
}

function unitOctets(unit: number): number {
  const length = unit % 4 === 1 ? unit - 1 : unit;
  const rest = length % 4;
  return ((length - rest) / 4) * 3 + (rest > 0 ? rest - 1 : 0);
}
