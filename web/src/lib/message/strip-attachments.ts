// A whole message's metadata needs each attachment's decoded size, never its bytes. postal-mime
// decodes every base64 attachment (regex pass, decode, Blob, read back) and walks it line by
// line with an await per line: in the bench's Chromium worker that was ~30% of the sync's time
// on loopback. So, before postal-mime, the body of each plain base64 attachment part is
// replaced by a short marker, and its decoded size is counted here exactly as postal-mime's
// Base64Decoder would count it. postal-mime still parses the structure, headers and text.
//
// Conservative: anything this scanner does not understand simply (no multipart top, a
// boundary it cannot read plainly, message/* parts, a marker that does not come back once)
// returns null or is refused by the caller, which then parses the message whole as before.

import { base64DecodedSize, boundaryOf, lineAt } from './mime-lines.ts';

export interface StrippedMessage {
  /** The message with each stripped part's body replaced by its marker (base64 of the marker text). */
  bytes: Uint8Array;
  /** Marker text → the stripped part's decoded size in octets. */
  sizes: Map<string, number>;
}

const latin1 = new TextDecoder('latin1');
const encoder = new TextEncoder();
/** Below this, stripping saves too little to be worth a second scan. */
const MIN_STRIPPED_BYTES = 4096;
/**
 * Multiparts open at once. Every `--` line is checked against each open boundary, so without
 * a bound a message of thousands of nested multiparts and then `--` lines cost their product
 * (1.5 s and more for 1 MB). Real mail nests a handful (mixed > related > alternative); past
 * this the message is not "plain", and postal-mime (which stops at 256) reads it whole.
 */
const MAX_OPEN_MULTIPARTS = 16;

/** Reads a header block from `start`; returns the lower-cased fields (unfolded) and where the body starts. */
function readHeaders(raw: Uint8Array, start: number): { fields: Map<string, string[]>; bodyStart: number } | null {
  const fields = new Map<string, string[]>();
  let current: { name: string; value: string } | null = null;
  const store = (): void => {
    if (current === null) return;
    const list = fields.get(current.name) ?? [];
    list.push(current.value);
    fields.set(current.name, list);
  };
  let at = start;
  while (at < raw.length) {
    const line = lineAt(raw, at);
    if (line.end === line.start) {
      store();
      return { fields, bodyStart: line.next };
    }
    const text = latin1.decode(raw.subarray(line.start, line.end));
    if (text[0] === ' ' || text[0] === '\t') {
      if (current === null) return null;
      current.value += ' ' + text.trim();
    } else {
      store();
      const colon = text.indexOf(':');
      if (colon <= 0) return null;
      current = { name: text.slice(0, colon).trim().toLowerCase(), value: text.slice(colon + 1).trim() };
    }
    at = line.next;
  }
  return null; // no end of headers: let postal-mime decide what that means
}

/** The media type and a plainly written boundary, or null when the field is anything but simple. */
function contentType(values: string[] | undefined): { type: string; boundary: string | null } | null {
  if (values === undefined) return { type: 'text/plain', boundary: null };
  if (values.length !== 1) return null;
  const value = values[0]!;
  if (/[()\\]/.test(value) || /boundary\*/i.test(value)) return null;
  const type = (value.split(';')[0] ?? '').trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type)) return null;
  const matches = [...value.matchAll(/;\s*boundary\s*=\s*("([^"]*)"|([^\s;"]+))/gi)];
  if (matches.length > 1) return null;
  const boundary = matches[0] === undefined ? null : (matches[0][2] ?? matches[0][3] ?? '');
  if (type.startsWith('multipart/') && (boundary === null || boundary.length === 0 || boundary.length > 200)) return null;
  return { type, boundary };
}

export function stripAttachmentBodies(raw: Uint8Array): StrippedMessage | null {
  const top = readHeaders(raw, 0);
  if (top === null) return null;
  const topType = contentType(top.fields.get('content-type'));
  if (topType === null || !topType.type.startsWith('multipart/')) return null;

  const nonce = Math.random().toString(36).slice(2, 12);
  const sizes = new Map<string, number>();
  const out: Uint8Array[] = [];
  let copiedTo = 0;
  let strippedBytes = 0;
  const boundaries: Uint8Array[] = [encoder.encode(topType.boundary!)];
  let at = top.bodyStart;
  // Lines of a multipart body (preamble, epilogue, or between parts): look for boundaries.
  while (at < raw.length && boundaries.length > 0) {
    const line = lineAt(raw, at);
    at = line.next;
    const hit = boundaryOf(raw, line, boundaries);
    if (hit === null) continue;
    boundaries.length = hit.close ? hit.index : hit.index + 1;
    if (hit.close) continue;
    const part = readHeaders(raw, at);
    if (part === null) return null;
    const type = contentType(part.fields.get('content-type'));
    if (type === null) return null;
    at = part.bodyStart;
    if (type.type.startsWith('multipart/')) {
      if (boundaries.length >= MAX_OPEN_MULTIPARTS) return null;
      boundaries.push(encoder.encode(type.boundary!));
      continue;
    }
    if (type.type.startsWith('message/')) return null;
    const encoding = part.fields.get('content-transfer-encoding');
    if (type.type.startsWith('text/') || encoding?.length !== 1 || encoding[0]!.toLowerCase() !== 'base64') continue;
    // A strippable part: its body runs to the next boundary line of any open multipart.
    const bodyStart = at;
    let bodyEnd = -1;
    while (at < raw.length) {
      const next = lineAt(raw, at);
      if (boundaryOf(raw, next, boundaries) !== null) {
        bodyEnd = at;
        break;
      }
      at = next.next;
    }
    if (bodyEnd < 0) return null; // cut short (a TOP answer) or a boundary we misread
    const marker = `satchel-stripped-${nonce}-${sizes.size}`;
    sizes.set(marker, base64DecodedSize(raw.subarray(bodyStart, bodyEnd)));
    out.push(raw.subarray(copiedTo, bodyStart), encoder.encode(`${btoa(marker)}\r\n`));
    copiedTo = bodyEnd;
    strippedBytes += bodyEnd - bodyStart;
  }
  // Only a structure that closed as it opened is trusted: a misread boundary would not.
  if (boundaries.length > 0 || sizes.size === 0 || strippedBytes < MIN_STRIPPED_BYTES) return null;
  out.push(raw.subarray(copiedTo));
  const bytes = new Uint8Array(out.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of out) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { bytes, sizes };
}
