// What of a stored message is searchable: sender, recipients, subject and body text. The
// text comes from the stored bytes (whole, or TOP n output for a header-only message) parsed
// with postal-mime under the same work budget as the sync's metadata, with base64
// attachments left out first: attachments' bytes are never indexed.
import { parseWithinBudget } from '../message/budgeted-postal-mime.ts';
import { htmlPreviewText } from '../message/html-preview-text.ts';
import { MessageWorkBudget } from '../message/message-work-budget.ts';
import { quickPlainText } from '../message/quick-metadata.ts';
import { stripAttachmentBodies } from '../message/strip-attachments.ts';
import type { MailAddress, MessageRecord, RawMessage } from '../storage/index.ts';
import type { IndexedFields } from './message-index.ts';

/**
 * Characters of body text indexed per message; the rest is not searchable. One corpus message
 * has 1.16 M characters of text, and a phrase check reads the text again (docs/SEARCH.md).
 */
const MAX_INDEXED_TEXT = 64 * 1024;

const PARSE_OPTIONS = { attachmentEncoding: 'arraybuffer', maxHeadersSize: 64 * 1024 } as const;

function addressText(addresses: ReadonlyArray<MailAddress | null>): string {
  return addresses.flatMap((a) => (a === null ? [] : [`${a.name} ${a.address}`.trim()])).join(', ');
}

/**
 * The body text of a message's bytes, capped; '' when they cannot be read (the headers still
 * count). A plain-text message simple enough for quickPlainText skips postal-mime, which was
 * most of the index's build time (docs/BENCHMARKS.md, "Search"). `quick: false` is for tests.
 */
export async function bodyText(raw: RawMessage | undefined, { quick = true } = {}): Promise<string> {
  if (raw === undefined) return '';
  try {
    const bytes = raw instanceof Uint8Array ? raw : new Uint8Array(await raw.arrayBuffer());
    if (bytes.byteLength === 0) return '';
    const plain = quick ? quickPlainText(bytes) : null;
    if (plain !== null) return plain.slice(0, MAX_INDEXED_TEXT);
    const parsed = stripAttachmentBodies(bytes)?.bytes ?? bytes;
    const email = await parseWithinBudget(parsed, PARSE_OPTIONS, new MessageWorkBudget(parsed.byteLength));
    const text = email.text ?? (email.html === undefined ? '' : htmlPreviewText(email.html));
    return text.slice(0, MAX_INDEXED_TEXT);
  } catch {
    // Mail postal-mime cannot read, or that runs past its budget, is found by its headers.
    return '';
  }
}

export function indexedFields(record: MessageRecord, text: string): IndexedFields {
  const from = addressText([record.from]);
  const to = addressText([...record.to, ...record.cc]);
  return { from, to, subject: record.subject, all: `${from}\n${to}\n${record.subject}\n${text}` };
}
