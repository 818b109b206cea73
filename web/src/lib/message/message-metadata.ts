// What the inbox shows for a message, read from its bytes (whole, or TOP n output) with
// postal-mime, which decodes every charset in the corpus. A message postal-mime cannot parse
// still gets stored (DESIGN.md invariant 8: never drop mail because its MIME is broken): we fall back
// to the raw header block, and the bytes are kept whole either way. Base64 attachment bodies
// are left out of the parse when the structure is plain (strip-attachments.ts): only their
// sizes are stored here, and decoding 90% of a 104 MB mailbox to count them was the worker's
// largest cost on loopback. postal-mime's work is bounded: headers to 64 KiB, time to the
// message's budget (message-work-budget.ts), with turns for other accounts' syncs meanwhile.
import type PostalMime from 'postal-mime';
import type { MailAddress } from '../storage/index.ts';
import { parseWithinBudget } from './budgeted-postal-mime.ts';
import { fallbackMetadata } from './fallback-metadata.ts';
import { MessageBudgetExceeded, MessageWorkBudget } from './message-work-budget.ts';
import type { MessageMetadata } from './message-metadata-shape.ts';
import { makeSnippet } from './snippet.ts';
import { stripAttachmentBodies } from './strip-attachments.ts';
import { threadHeadersOf } from './thread-headers.ts';

// Callers that want the type beside extractMetadata (the benches) read it from here.
export type { MessageMetadata };

/**
 * Header bytes postal-mime reads, all parts together (its default is 2 MiB); the parsers it
 * nests for message/rfc822 parts inherit it. Its address parser runs once the lines are read,
 * a step no budget checkpoint interrupts, and costs ~2 µs a character and more on some shapes
 * (1 MB of `a:"` took 5.7 s, 256 KB 0.8 s, 64 KB 0.11 s). 64 KiB, as the quick path and the
 * fallback read, keeps that step short. In the shared corpus only two test fixtures built to
 * have giant headers (136 and 210 KB) go past it; they get the fallback's metadata.
 */
const MAX_HEADER_BYTES = 64 * 1024;
/** arraybuffer (the default) so sizes are octets, not base64 characters. */
const PARSE_OPTIONS = { attachmentEncoding: 'arraybuffer', maxHeadersSize: MAX_HEADER_BYTES } as const;

// Derived from parse() so the types resolve the same under every moduleResolution.
type Email = Awaited<ReturnType<typeof PostalMime.parse>>;
type PostalAddress = NonNullable<Email['from']>;

export async function extractMetadata(raw: Uint8Array, options: { fallbackDate: number; budget?: MessageWorkBudget }): Promise<MessageMetadata> {
  const budget = options.budget ?? new MessageWorkBudget(raw.byteLength);
  try {
    const { email, sizeOf } = (await parseStripped(raw, budget)) ?? { email: await parseWithinBudget(raw, PARSE_OPTIONS, budget), sizeOf: sizeOfContent };
    // Mapping the parse is inside the try too: whatever this message makes throw stays its own.
    return metadataOf(email, options.fallbackDate, sizeOf);
  } catch (error) {
    const metadataIssue = error instanceof MessageBudgetExceeded ? 'SYNC_ERR_MESSAGE_BUDGET' : 'SYNC_ERR_MESSAGE_UNREADABLE';
    return { ...fallbackMetadata(raw, options.fallbackDate), metadataIssue };
  }
}

const sizeOfContent = (content: ArrayBuffer | Uint8Array | string): number => (typeof content === 'string' ? content.length : content.byteLength);

/** What the inbox keeps of a postal-mime parse (exported so tests can map a whole parse the same way). */
export function metadataOf(email: Email, fallbackDate: number, sizeOf: (content: ArrayBuffer | Uint8Array | string) => number = sizeOfContent): MessageMetadata {
  const parsedDate = email.date === undefined ? Number.NaN : Date.parse(email.date);
  return {
    from: email.from === undefined ? null : (flatten([email.from])[0] ?? null),
    to: flatten(email.to ?? []),
    cc: flatten(email.cc ?? []),
    subject: email.subject ?? '',
    date: Number.isFinite(parsedDate) ? parsedDate : fallbackDate,
    snippet: makeSnippet(email.text, email.html),
    attachments: email.attachments.map((a) => ({
      filename: a.filename ?? null,
      mimeType: a.mimeType,
      size: sizeOf(a.content),
      contentId: a.contentId ?? null,
    })),
    ...threadHeadersOf(email.messageId, email.inReplyTo, email.references),
  };
}

/**
 * postal-mime over the message with its base64 attachment bodies left out (strip-attachments.ts),
 * with each left-out part's size counted from its base64. Null when the message does not
 * qualify, or when the markers did not come back one for one (then the whole parse decides).
 */
async function parseStripped(raw: Uint8Array, budget: MessageWorkBudget): Promise<{ email: Email; sizeOf: (content: ArrayBuffer | Uint8Array | string) => number } | null> {
  const stripped = stripAttachmentBodies(raw);
  if (stripped === null) return null;
  let email: Email;
  try {
    email = await parseWithinBudget(stripped.bytes, PARSE_OPTIONS, budget);
  } catch (error) {
    if (error instanceof MessageBudgetExceeded) throw error; // a second parse would only spend more
    return null; // the whole message may still parse: that parse decides
  }
  const markerOf = (content: ArrayBuffer | Uint8Array | string): string | null => {
    if (typeof content === 'string' || content.byteLength > 64) return null;
    const text = latin1.decode(content);
    return stripped.sizes.has(text) ? text : null;
  };
  const seen = new Set<string>();
  for (const a of email.attachments) {
    const marker = markerOf(a.content);
    if (marker === null) continue;
    if (seen.has(marker)) return null;
    seen.add(marker);
  }
  if (seen.size !== stripped.sizes.size) return null;
  return {
    email,
    sizeOf: (content) => {
      const marker = markerOf(content);
      if (marker !== null) return stripped.sizes.get(marker)!;
      return typeof content === 'string' ? content.length : content.byteLength;
    },
  };
}

const latin1 = new TextDecoder('latin1');

/** Groups (RFC 5322 §3.4 `name: a, b;`) become their members; the inbox lists people. */
function flatten(addresses: readonly PostalAddress[]): MailAddress[] {
  return addresses.flatMap((a) => (a.group !== undefined ? a.group : [a])).map((m) => ({ name: m.name ?? '', address: m.address ?? '' }));
}
