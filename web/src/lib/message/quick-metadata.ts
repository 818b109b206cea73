// Metadata without postal-mime, for the messages simple enough to read directly: a header
// record (TOP n output), a whole message that is one text part, or multipart/mixed with one
// text part and then plain base64 attachments.
//
// Why it stays beside postal-mime: in the sync Worker in Chromium, postal-mime costs ~0.6 ms
// for a header block alone and ~1.2 ms with one short text part (it awaits line by line, and
// its decoders go through Blob); this costs ~0.05 ms. `npx tsx tests/bench/experiments/metadata-cost.ts`
// (Chromium 150, a dedicated Worker, medians of 5, two runs on a loaded 2-core machine):
// - the bench's 2,000 reference messages, which one loopback sync reads twice (TOP n 8, then
//   whole): 0.38-0.42 s of the Worker instead of 5.9-6.0 s, more than that sync takes (~4 s);
// - real senders' mail (the corpus's spamassassin/, 106): it answers 2 in 3, and saves 45% of
//   the metadata time of whole messages, 54-57% of TOP n 8 answers;
// - the whole corpus, parsers' test mail mostly (563): it answers 25-35%, and saves 22-29% of
//   TOP n 8 answers but only 2-12% of whole messages (near the noise): multipart/alternative
//   (0 of 72) and quoted-printable or base64 text go to postal-mime.
// What it refuses costs it ~0.02 ms a message, and what it answers equals extractMetadata's
// (no difference on any of the 4,639 answers).
//
// Header fields are decoded with postal-mime's own synchronous helpers, so they read as the
// full parse does; the snippet comes from the first text part in a plain encoding; an
// attachment's size is counted from its base64 as postal-mime decodes it. Anything else
// (base64 or quoted-printable text, format=flowed, a second text part, nested parts next to
// attachments, RFC 2231 parameters, raw 8-bit header bytes, a parse error) returns null and
// the caller uses postal-mime.
import { addressParser, decodeWords } from 'postal-mime';
import { indexOfByte } from '../../../../shared/bytes/index.ts';
import type { AttachmentInfo, MailAddress } from '../storage/index.ts';
import type { MessageMetadata } from './message-metadata-shape.ts';
import { base64DecodedSize, boundaryOf, lineAt } from './mime-lines.ts';
import { makeSnippet } from './snippet.ts';
import { threadHeadersOf } from './thread-headers.ts';

const MAX_HEADER_BYTES = 64 * 1024;
/** The part headers postal-mime reads the first of; a second copy is left to it. */
const CONTENT_HEADERS = ['content-type', 'content-transfer-encoding', 'content-disposition', 'content-id', 'content-description'];
/** Types postal-mime rewrites (calendar) or descends into: not a plain attachment. */
const NOT_PLAIN_ATTACHMENT = /^(multipart\/|message\/|text\/calendar$|application\/ics$)/;
const encoder = new TextEncoder();
const ASCII = new TextDecoder('ascii');
/** Charset labels come from the mail itself: bound what one sync can make us keep. */
const MAX_CACHED_DECODERS = 64;
const decoders = new Map<string, TextDecoder | null>();

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
  attachments: AttachmentInfo[];
  /** A single text part, not a multipart around one. */
  leaf: boolean;
}

interface HeaderBlock {
  fields: Array<[string, string]>;
  bodyStart: number;
}

/** A header block unfolded as postal-mime unfolds it; null when it does not end, is too long, or holds 8-bit bytes. */
function readHeaderBlock(raw: Uint8Array): HeaderBlock | null {
  const end = headerEnd(raw);
  if (end === null || end.headerBytes > MAX_HEADER_BYTES) return null;
  for (let i = 0; i < end.headerBytes; i++) if (raw[i]! >= 0x80 || raw[i] === 0) return null; // RFC 6532 or junk: postal-mime decides
  const block = ascii(raw.subarray(0, end.headerBytes)).replace(/\r?\n(?=[ \t])/g, '');
  const fields: Array<[string, string]> = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { fields, bodyStart: end.bodyStart };
}

/** A header block and the first text part under it; null for whatever this path does not take on. */
function readPart(raw: Uint8Array, depth: number): Part | null {
  const head = readHeaderBlock(raw);
  if (head === null) return null;
  const { fields } = head;
  const first = (name: string): string | undefined => fields.find(([key, value]) => key === name && value !== '')?.[1];
  const all = (name: string): string[] => fields.filter(([key, value]) => key === name && value !== '').map(([, value]) => value);
  const content = contentHeaders(fields);
  if (content === null) return null;

  // A disposition (attachment, or inline with a filename) decides whether the text is the body.
  if (content.has('content-disposition')) return null;
  const type = parseContentType(content.get('content-type'));
  if (type === null) return null;
  const bodyBytes = raw.subarray(head.bodyStart);
  if ((type.mime === 'multipart/mixed' || type.mime === 'multipart/alternative') && type.boundary !== undefined && depth < 3) {
    const [textPart, ...rest] = partsOf(bodyBytes, type.boundary);
    if (textPart === undefined) return null;
    const part = readPart(textPart, depth + 1);
    if (part === null) return null;
    if (rest.length === 0) return { first, all, text: part.text, attachments: part.attachments, leaf: false };
    // More parts: postal-mime may join several text parts, so only attachments may follow,
    // and only under a top-level multipart/mixed whose text part is a leaf (no boundaries
    // nested inside this one's to confuse with it).
    if (depth > 0 || type.mime !== 'multipart/mixed' || !part.leaf) return null;
    const attachments: AttachmentInfo[] = [];
    for (const bytes of rest) {
      const attachment = readAttachment(bytes);
      if (attachment === null) return null;
      attachments.push(attachment);
    }
    return { first, all, text: part.text, attachments, leaf: false };
  }
  const encoding = (content.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if ((type.mime !== 'text/plain' && type.mime !== 'text/html') || !['7bit', '8bit', 'binary'].includes(encoding)) return null;
  const body = decodeText(bodyBytes, type.charset);
  return body === null ? null : { first, all, text: { body, html: type.mime === 'text/html' }, attachments: [], leaf: true };
}

/** The headers that decide how a part is read; null when one comes twice (postal-mime takes the first, even empty). */
function contentHeaders(fields: ReadonlyArray<[string, string]>): Map<string, string> | null {
  const content = new Map<string, string>();
  for (const [key, value] of fields) {
    if (!CONTENT_HEADERS.includes(key)) continue;
    if (content.has(key)) return null;
    content.set(key, value);
  }
  return content;
}

/**
 * The parts of a multipart body, each from after its `--boundary` line to the next one (or
 * to the end, for a body cut short by TOP); what follows the closing `--boundary--` is not a
 * part. Boundary lines are matched as postal-mime matches them; only lines that start with
 * `-` are looked at, since an attachment can be megabytes of base64 (which has no `-`).
 */
function partsOf(body: Uint8Array, boundary: string): Uint8Array[] {
  const boundaries = [encoder.encode(boundary)];
  const parts: Uint8Array[] = [];
  let start = -1;
  for (let at = 0; at < body.length; ) {
    const dash = indexOfByte(body, 0x2d, at);
    if (dash < 0) break;
    if (dash > 0 && body[dash - 1] !== 0x0a) {
      at = dash + 1;
      continue;
    }
    const line = lineAt(body, dash);
    const hit = boundaryOf(body, line, boundaries);
    if (hit !== null) {
      if (start >= 0) parts.push(body.subarray(start, dash));
      if (hit.close) return parts;
      start = line.next;
    }
    at = line.next;
  }
  if (start >= 0) parts.push(body.subarray(start));
  return parts;
}

/**
 * A part postal-mime lists as an attachment and whose size this can count: disposition
 * `attachment`, base64, a plain (non-nested, non-calendar) type, parameters without RFC 2231
 * forms, comments or escapes. Its metadata as extractMetadata maps postal-mime's.
 */
function readAttachment(raw: Uint8Array): AttachmentInfo | null {
  const head = readHeaderBlock(raw);
  const content = head === null ? null : contentHeaders(head.fields);
  if (head === null || content === null) return null;
  const disposition = parseStructured(content.get('content-disposition'));
  const type = parseStructured(content.get('content-type'));
  const encoding = content.get('content-transfer-encoding');
  if (disposition?.value !== 'attachment' || type === null || NOT_PLAIN_ATTACHMENT.test(type.value)) return null;
  if (encoding === undefined || /[()]/.test(encoding) || encoding.toLowerCase().match(/[\w-]+/)?.[0] !== 'base64') return null;
  const filename = disposition.params.get('filename') || type.params.get('name') || null;
  return {
    filename: filename ? decodeWords(filename) : null,
    mimeType: type.value,
    size: base64DecodedSize(raw.subarray(head.bodyStart)),
    contentId: content.get('content-id') || null,
  };
}

/**
 * `value; key=token; key="quoted"` as postal-mime's parseStructuredHeader reads it, for the
 * simple forms only: null for comments, escapes, RFC 2231 `*` names, a parameter given
 * twice, or anything else it would have to guess at.
 */
function parseStructured(header: string | undefined): { value: string; params: Map<string, string> } | null {
  if (header === undefined || /[()\\*]/.test(header)) return null;
  const semicolon = header.indexOf(';');
  const value = (semicolon < 0 ? header : header.slice(0, semicolon)).trim();
  if (/["\s]/.test(value)) return null;
  const params = new Map<string, string>();
  const param = /;[ \t]*([^\s;="]+)[ \t]*=[ \t]*(?:"([^"]*)"|([^\s;"]+))[ \t]*/y;
  param.lastIndex = semicolon < 0 ? header.length : semicolon;
  while (param.lastIndex < header.length) {
    if (/^;[ \t]*$/.test(header.slice(param.lastIndex))) break;
    const match = param.exec(header);
    if (match === null) return null;
    const key = match[1]!.toLowerCase();
    if (params.has(key)) return null;
    params.set(key, match[2] ?? match[3]!);
  }
  return { value: value.toLowerCase(), params };
}

function quick(raw: Uint8Array, fallbackDate: number): MessageMetadata | null {
  const part = readPart(raw, 0);
  if (part === null) return null;
  const { first, all, text, attachments } = part;

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
    attachments,
    ...threadHeadersOf(first('message-id'), first('in-reply-to'), first('references')),
  };
}

function decodeSubject(value: string | undefined): string {
  return value === undefined ? '' : decodeWords(value);
}

/**
 * The text the search index reads from a message simple enough for this path, when its text
 * is plain: the decoded text/plain part with LF line ends, as postal-mime's `text` gives it
 * (but for trailing line ends). Null otherwise (HTML: postal-mime's `text` is its own
 * conversion of it), and the caller parses.
 */
export function quickPlainText(raw: Uint8Array): string | null {
  try {
    const text = readPart(raw, 0)?.text;
    return text === undefined || text.html ? null : text.body.replace(/\r\n/g, '\n');
  } catch {
    return null;
  }
}

type Parsed = ReturnType<typeof addressParser>[number];

/** As message-metadata's flatten: groups become their members. */
function flatten(addresses: readonly Parsed[]): MailAddress[] {
  return addresses.flatMap((a) => ('group' in a && a.group !== undefined ? a.group : [a])).map((m) => ({ name: m.name ?? '', address: ('address' in m ? m.address : undefined) ?? '' }));
}

function headerEnd(raw: Uint8Array): { headerBytes: number; bodyStart: number } | null {
  // A part with no header lines at all (it defaults to text/plain) starts with its blank line.
  if (raw[0] === 0x0a) return { headerBytes: 0, bodyStart: 1 };
  if (raw[0] === 0x0d && raw[1] === 0x0a) return { headerBytes: 0, bodyStart: 2 };
  for (let i = 0; i + 1 < raw.length; i++) {
    if (raw[i] !== 0x0a) continue;
    if (raw[i + 1] === 0x0a) return { headerBytes: i, bodyStart: i + 2 };
    if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) return { headerBytes: i, bodyStart: i + 3 };
  }
  return null;
}

/** Only for bytes below 0x80 (readHeaderBlock checks): there every single-byte label reads them the same. */
function ascii(bytes: Uint8Array): string {
  return ASCII.decode(bytes);
}

/** `type/subtype`, charset and boundary; null for anything this fast path does not take on. */
function parseContentType(value: string | undefined): { mime: string; charset: string; boundary?: string } | null {
  if (value === undefined) return { mime: 'text/plain', charset: 'us-ascii' };
  const parsed = parseStructured(value);
  // A name makes the part an attachment; format=flowed text is unfolded by postal-mime (RFC
  // 3676); RFC 2231 forms parseStructured already refused. Leave them all to postal-mime.
  if (parsed === null || parsed.params.has('name') || /flowed/i.test(parsed.params.get('format') ?? '')) return null;
  // postal-mime registers no boundary that is empty.
  const boundary = parsed.params.get('boundary') || undefined;
  return { mime: parsed.value, charset: parsed.params.get('charset') ?? 'us-ascii', ...(boundary === undefined ? {} : { boundary }) };
}

function decodeText(bytes: Uint8Array, charset: string): string | null {
  // 8-bit bytes under US-ASCII (said or defaulted) are binary or mislabelled: how to read
  // them is postal-mime's call (TextDecoder would take them as windows-1252).
  if (/^(us-)?ascii$/i.test(charset) && hasHighByte(bytes)) return null;
  const decoder = decoderFor(charset);
  return decoder === null ? null : decoder.decode(bytes);
}

/**
 * One decoder per label: constructing one per message was a visible share of the Worker's
 * metadata time. Non-streaming decode() keeps no state between calls (ISO-2022-JP included,
 * see fresh-iso-2022-jp-decoder.ts).
 */
function decoderFor(charset: string): TextDecoder | null {
  const label = charset.toLowerCase();
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      decoder = null; // a label TextDecoder does not know: postal-mime has its own fallbacks
    }
    if (decoders.size < MAX_CACHED_DECODERS) decoders.set(label, decoder);
  }
  return decoder;
}

function hasHighByte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}
