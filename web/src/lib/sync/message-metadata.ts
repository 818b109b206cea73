// What the inbox shows for a message, read from its bytes (whole, or TOP n output) with
// postal-mime, which decodes every charset in the corpus. A message postal-mime cannot parse
// still gets stored (invariant 8: never drop mail because its MIME is broken): we fall back
// to the raw header block, and the bytes are kept whole either way.
import PostalMime from 'postal-mime';
import type { AttachmentInfo, MailAddress } from '../storage/index.ts';
import { fallbackMetadata } from './fallback-metadata.ts';
import { makeSnippet } from './snippet.ts';

export interface MessageMetadata {
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  /** Epoch ms: the Date header, else fallbackDate. Always finite (storage indexes it). */
  date: number;
  snippet: string;
  attachments: AttachmentInfo[];
}

// Derived from parse() so the types resolve the same under every moduleResolution.
type Email = Awaited<ReturnType<typeof PostalMime.parse>>;
type PostalAddress = NonNullable<Email['from']>;

export async function extractMetadata(raw: Uint8Array, options: { fallbackDate: number }): Promise<MessageMetadata> {
  let email: Email;
  try {
    // arraybuffer (the default) so sizes are octets, not base64 characters.
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  } catch {
    return fallbackMetadata(raw, options.fallbackDate);
  }
  const parsedDate = email.date === undefined ? Number.NaN : Date.parse(email.date);
  return {
    from: email.from === undefined ? null : (flatten([email.from])[0] ?? null),
    to: flatten(email.to ?? []),
    cc: flatten(email.cc ?? []),
    subject: email.subject ?? '',
    date: Number.isFinite(parsedDate) ? parsedDate : options.fallbackDate,
    snippet: makeSnippet(email.text, email.html),
    attachments: email.attachments.map((a) => ({
      filename: a.filename ?? null,
      mimeType: a.mimeType,
      size: typeof a.content === 'string' ? a.content.length : a.content.byteLength,
      contentId: a.contentId ?? null,
    })),
  };
}

/** Groups (RFC 5322 §3.4 `name: a, b;`) become their members; the inbox lists people. */
function flatten(addresses: readonly PostalAddress[]): MailAddress[] {
  return addresses.flatMap((a) => (a.group !== undefined ? a.group : [a])).map((m) => ({ name: m.name ?? '', address: m.address ?? '' }));
}
