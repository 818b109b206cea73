// Metadata without postal-mime, for the messages simple enough to read directly: a header
// record (TOP n output) or a whole message that is one text part. In the app's Worker,
// postal-mime costs ~1 ms per text part, because its decoders go through Blob and back:
// 300 messages listed in 3.4 s on loopback in Chromium, 0.6 s without it, and on 2,000
// whole messages it was the Worker's largest cost. Header fields are decoded with
// postal-mime's own synchronous helpers, so they read as the full parse does; the snippet
// comes from the first text part (alone, or first in multipart/mixed or /alternative) in a
// plain encoding. Anything else (base64, quoted-printable, attachments, a second part, raw
// 8-bit header bytes, a parse error) returns null and the caller uses postal-mime.
import { addressParser, decodeWords } from 'postal-mime';
import type { MailAddress } from '../storage/index.ts';
import type { MessageMetadata } from './message-metadata.ts';
import { makeSnippet } from './snippet.ts';

const MAX_HEADER_BYTES = 64 * 1024;

export function quickMetadata(raw: Uint8Array, fallbackDate: number): MessageMetadata | null {
  try {
    return quick(raw, fallbackDate);
  } catch {
    return null;
  }
}

interface Part {
  first: (name: string) => string | undefined;
  all: (name: string) => string[];
  /** The decoded text of the first text part, and whether it is HTML. */
  text: { body: string; html: boolean };
}

/** A header block and the first text part under it; null for whatever this path does not take on. */
function readPart(raw: Uint8Array, depth: number): Part | null {
  const end = headerEnd(raw);
  if (end === null || end.headerBytes > MAX_HEADER_BYTES) return null;
  for (let i = 0; i < end.headerBytes; i++) if (raw[i]! >= 0x80 || raw[i] === 0) return null; // RFC 6532 or junk: postal-mime decides
  const block = latin1(raw.subarray(0, end.headerBytes)).replace(/\r?\n(?=[ \t])/g, '');
  const fields: Array<[string, string]> = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  const first = (name: string): string | undefined => fields.find(([key, value]) => key === name && value !== '')?.[1];
  const all = (name: string): string[] => fields.filter(([key, value]) => key === name && value !== '').map(([, value]) => value);

  // A disposition (attachment, or inline with a filename) decides whether the text is the body.
  if (all('content-disposition').length > 0) return null;
  const type = parseContentType(first('content-type'));
  if (type === null) return null;
  const bodyBytes = raw.subarray(end.bodyStart);
  if ((type.mime === 'multipart/mixed' || type.mime === 'multipart/alternative') && type.boundary !== undefined && depth < 3) {
    const inner = firstPartBytes(bodyBytes, type.boundary);
    if (inner === null) return null;
    const part = readPart(inner, depth + 1);
    return part === null ? null : { first, all, text: part.text };
  }
  const encoding = (first('content-transfer-encoding') ?? '7bit').toLowerCase();
  if ((type.mime !== 'text/plain' && type.mime !== 'text/html') || !['7bit', '8bit', 'binary'].includes(encoding)) return null;
  const body = decodeText(bodyBytes, type.charset);
  return body === null ? null : { first, all, text: { body, html: type.mime === 'text/html' } };
}

/**
 * The bytes of the first part of a multipart body cut short by TOP: from after the first
 * `--boundary` line to the end. If that part ends within the bytes given and another part
 * follows (always, for a whole message), postal-mime may join several text parts: null, it
 * decides. Only lines that start with `--` are decoded: a whole message can be megabytes.
 */
function firstPartBytes(body: Uint8Array, boundary: string): Uint8Array | null {
  const open = `--${boundary}`;
  let start = -1;
  for (let at = 0; at < body.length; ) {
    const lf = body.indexOf(0x0a, at);
    const lineEnd = lf < 0 ? body.length : lf;
    const next = lineEnd + 1;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) {
      const trimmed = latin1(body.subarray(at, lineEnd)).replace(/\r$/, '').trimEnd();
      if (start < 0) {
        if (trimmed === open) start = next;
      } else if (trimmed === open || trimmed === `${open}--`) {
        return null;
      }
    }
    at = next;
  }
  return start < 0 || start > body.length ? null : body.subarray(start);
}

function quick(raw: Uint8Array, fallbackDate: number): MessageMetadata | null {
  const part = readPart(raw, 0);
  if (part === null) return null;
  const { first, all, text } = part;

  const fromHeader = first('from');
  const from = fromHeader === undefined ? [] : flatten(addressParser(fromHeader));
  const dateHeader = first('date');
  const parsedDate = dateHeader === undefined ? Number.NaN : new Date(dateHeader).getTime();
  return {
    from: from[0] ?? null,
    to: all('to').flatMap((v) => flatten(addressParser(v))),
    cc: all('cc').flatMap((v) => flatten(addressParser(v))),
    subject: decodeSubject(first('subject')),
    date: Number.isFinite(parsedDate) ? parsedDate : fallbackDate,
    snippet: text.html ? makeSnippet(undefined, text.body) : makeSnippet(text.body, undefined),
    attachments: [],
  };
}

function decodeSubject(value: string | undefined): string {
  return value === undefined ? '' : decodeWords(value);
}

type Parsed = ReturnType<typeof addressParser>[number];

/** As message-metadata's flatten: groups become their members. */
function flatten(addresses: readonly Parsed[]): MailAddress[] {
  return addresses.flatMap((a) => ('group' in a && a.group !== undefined ? a.group : [a])).map((m) => ({ name: m.name ?? '', address: ('address' in m ? m.address : undefined) ?? '' }));
}

function headerEnd(raw: Uint8Array): { headerBytes: number; bodyStart: number } | null {
  for (let i = 0; i + 1 < raw.length; i++) {
    if (raw[i] !== 0x0a) continue;
    if (raw[i + 1] === 0x0a) return { headerBytes: i, bodyStart: i + 2 };
    if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) return { headerBytes: i, bodyStart: i + 3 };
  }
  return null;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** `type/subtype`, charset and boundary; null for anything this fast path does not take on. */
function parseContentType(value: string | undefined): { mime: string; charset: string; boundary?: string } | null {
  if (value === undefined) return { mime: 'text/plain', charset: 'us-ascii' };
  const [mime, ...params] = value.split(';');
  let charset = 'us-ascii';
  let boundary: string | undefined;
  for (const param of params) {
    const match = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(param);
    const bound = /^\s*boundary\s*=\s*(?:"([^"]+)"|([^\s";]+))\s*$/i.exec(param);
    if (match) charset = match[1]!;
    else if (bound) boundary = bound[1] ?? bound[2];
    // RFC 2231 forms, and a name that makes the part an attachment: leave them to postal-mime.
    else if (/^\s*(charset\s*\*|name\s*\*?=)/i.test(param)) return null;
  }
  return { mime: mime!.trim().toLowerCase(), charset, ...(boundary === undefined ? {} : { boundary }) };
}

function decodeText(bytes: Uint8Array, charset: string): string | null {
  // 8-bit bytes under US-ASCII (said or defaulted) are binary or mislabelled: how to read
  // them is postal-mime's call (TextDecoder would take them as windows-1252).
  if (/^(us-)?ascii$/i.test(charset) && hasHighByte(bytes)) return null;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    return null; // a label TextDecoder does not know: postal-mime has its own fallbacks
  }
  return decoder.decode(bytes);
}

function hasHighByte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}
