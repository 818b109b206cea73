// An mbox writer in the mboxrd flavour: every line matching /^>*From / in a message gets one
// more '>' so a reader can split messages on "From " lines and undo the quoting exactly
// (unlike mboxo, where ">From " in the original is ambiguous). Works on bytes, because a
// message's charset is whatever its headers say and must survive untouched.

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM_SPACE = [0x46, 0x72, 0x6f, 0x6d, 0x20]; // "From "

const encoder = new TextEncoder();

/** One message as it goes into the file: its raw RFC 5322 bytes, envelope sender and date. */
export interface MboxEntry {
  raw: Uint8Array;
  /** Envelope sender for the "From " line; null when unknown (MAILER-DAEMON is the convention). */
  sender: string | null;
  /** Epoch ms. */
  date: number;
}

/** Does a line starting at `start` read ">*From "? */
function isFromLine(bytes: Uint8Array, start: number): boolean {
  let i = start;
  while (i < bytes.length && bytes[i] === GT) i += 1;
  for (let k = 0; k < FROM_SPACE.length; k += 1) {
    if (bytes[i + k] !== FROM_SPACE[k]) return false;
  }
  return true;
}

/**
 * The message body as mboxrd stores it: CRLF turned into LF (mbox is a Unix format), one '>'
 * added before every ">*From " line, and a final LF guaranteed.
 */
export function mboxrdQuote(raw: Uint8Array): Uint8Array {
  const out: number[] = [];
  let lineStart = true;
  for (let i = 0; i < raw.length; i += 1) {
    const byte = raw[i]!;
    if (lineStart && isFromLine(raw, i)) out.push(GT);
    lineStart = false;
    if (byte === CR && raw[i + 1] === LF) continue;
    out.push(byte);
    if (byte === LF) lineStart = true;
  }
  if (out.length > 0 && out[out.length - 1] !== LF) out.push(LF);
  return Uint8Array.from(out);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** asctime(3) in UTC, as the "From " line wants it: "Thu Jan  2 03:04:05 2025". */
export function asctime(epochMs: number): string {
  const d = new Date(Number.isFinite(epochMs) ? epochMs : 0);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** The separator line. The sender may not contain spaces or line breaks, or it would break parsing. */
export function mboxFromLine(sender: string | null, date: number): string {
  const clean = sender?.replace(/[\s\u0000-\u001f\u007f]+/g, '') ?? '';
  return `From ${clean.length > 0 ? clean : 'MAILER-DAEMON'} ${asctime(date)}\n`;
}

/** The pieces of an mbox file, in order; hand them to a Blob without joining them first. */
export function mboxParts(entries: Iterable<MboxEntry>): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    parts.push(encoder.encode(mboxFromLine(entry.sender, entry.date)));
    parts.push(mboxrdQuote(entry.raw));
    // A blank line ends each message, so the next "From " starts after an empty line.
    parts.push(encoder.encode('\n'));
  }
  return parts;
}
