// Parses one stored message with postal-mime into what the reader shows. It runs in the
// reader's message Worker (run-message-job.ts), not in the page: a 10 MB message held the UI
// thread for seconds (DESIGN.md invariant 10).
import PostalMime, { type Address, type Attachment } from 'postal-mime';
import type { RawMessage } from '../storage/index.ts';
import { encodeBase64 } from '../../../../shared/bytes/index.ts';
import { cidKeyFromContentId } from '../reader/resource-url.ts';

export interface ReaderAddress {
  name: string;
  address: string;
}

export interface ReaderAttachment {
  filename: string;
  mimeType: string;
  size: number;
  content: Uint8Array;
}

export interface ParsedMessage {
  from: ReaderAddress[];
  to: ReaderAddress[];
  cc: ReaderAddress[];
  subject: string;
  /** The Date header as parsed, or null if it did not parse. */
  date: Date | null;
  html: string | null;
  text: string | null;
  /** Parts meant to be saved; inline images the HTML refers to by cid: are not listed. */
  attachments: ReaderAttachment[];
  /** cid key → data: URL of an inline image. */
  cidUrls: Map<string, string>;
}

export async function parseMessage(raw: RawMessage): Promise<ParsedMessage> {
  const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  const parsedDate = email.date === undefined ? null : new Date(email.date);
  const cidUrls = new Map<string, string>();
  const attachments: ReaderAttachment[] = [];
  for (const part of email.attachments) {
    const content = toBytes(part);
    const imageUrl = inlineImageUrl(part, content);
    if (imageUrl !== null && part.contentId !== undefined) cidUrls.set(cidKeyFromContentId(part.contentId), imageUrl);
    if (imageUrl !== null && part.related === true) continue;
    attachments.push({ filename: part.filename ?? fallbackName(part.mimeType), mimeType: part.mimeType, size: content.byteLength, content });
  }
  return {
    from: flatten(email.from === undefined ? [] : [email.from]),
    to: flatten(email.to ?? []),
    cc: flatten(email.cc ?? []),
    subject: email.subject ?? '',
    date: parsedDate !== null && Number.isFinite(parsedDate.getTime()) ? parsedDate : null,
    html: email.html ?? null,
    text: email.text ?? null,
    attachments,
    cidUrls,
  };
}

function toBytes(part: Attachment): Uint8Array {
  if (typeof part.content === 'string') return new TextEncoder().encode(part.content);
  return part.content instanceof Uint8Array ? part.content : new Uint8Array(part.content);
}

/**
 * Inline images become data: URLs, not blob: URLs as DESIGN.md invariant 7 first said: checked in
 * Chromium 150, a blob: URL made by the app does not load inside the sandboxed srcdoc frame
 * ("Not allowed to load local resource"), because the frame's origin is opaque and the blob
 * belongs to the app's origin. data: URLs need nothing revoked and stay inside the frame's CSP
 * (img-src data:).
 */
function inlineImageUrl(part: Attachment, content: Uint8Array): string | null {
  const mimeType = part.mimeType.toLowerCase();
  if (!/^image\/[a-z0-9.+-]+$/.test(mimeType)) return null;
  return `data:${mimeType};base64,${encodeBase64(content)}`;
}

function flatten(addresses: Address[]): ReaderAddress[] {
  return addresses.flatMap((entry) => (entry.group === undefined ? [{ name: entry.name, address: entry.address }] : entry.group.map((m) => ({ name: m.name, address: m.address }))));
}

function fallbackName(mimeType: string): string {
  const subtype = mimeType.split('/')[1]?.replace(/[^a-z0-9]/gi, '') ?? '';
  return subtype === '' ? 'attachment' : `attachment.${subtype}`;
}
