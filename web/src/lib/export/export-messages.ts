// Reads stored messages out of IndexedDB into a file the user keeps: a backup that outlives
// the browser's storage (DESIGN.md: "nothing the user has read disappears").
import { getMessageBody } from '../storage/message-body.ts';
import { listMessages } from '../storage/list-messages.ts';
import type { SatchelDatabase } from '../storage/open-database.ts';
import type { MessageRecord, RawMessage } from '../storage/schema.ts';
import { stripBidiControls } from '../reader/bidi-controls.ts';
import { mboxParts, type MboxEntry } from './mboxrd.ts';

/** Messages read per page: metadata only, so memory holds one page plus the file's parts. */
const PAGE = 200;

async function toBytes(raw: RawMessage): Promise<Uint8Array> {
  return raw instanceof Uint8Array ? raw : new Uint8Array(await raw.arrayBuffer());
}

/**
 * Every message stored for one account (or all accounts when null), newest first, as an mbox
 * (mboxrd) Blob. Messages deleted here are left out: the user threw them away. A header-only
 * message goes in as what we have (headers and preview), which is better than nothing.
 */
export async function exportMbox(db: SatchelDatabase, accountId: string | null): Promise<Blob> {
  const parts: Uint8Array[] = [];
  let before: MessageRecord | undefined;
  for (;;) {
    const page = await listMessages(db, { limit: PAGE, ...(accountId === null ? {} : { accountId }), ...(before ? { before } : {}) });
    const entries: MboxEntry[] = [];
    for (const message of page) {
      const raw = await getMessageBody(db, message.accountId, message.uid);
      if (raw === undefined) continue;
      entries.push({ raw: await toBytes(raw), sender: message.from?.address ?? null, date: message.date });
    }
    parts.push(...mboxParts(entries));
    if (page.length < PAGE) break;
    before = page[page.length - 1];
  }
  return new Blob(parts as BlobPart[], { type: 'application/mbox' });
}

/** One message's raw bytes as a .eml Blob; undefined when its bytes are not stored. */
export async function exportEml(db: SatchelDatabase, accountId: string, uid: string): Promise<Blob | undefined> {
  const raw = await getMessageBody(db, accountId, uid);
  if (raw === undefined) return undefined;
  return new Blob([(await toBytes(raw)) as BlobPart], { type: 'message/rfc822' });
}

/** A file name from a subject: no path separators or control characters, bounded length. */
export function fileNameFor(subject: string, extension: 'eml' | 'mbox'): string {
  // A subject's bidi controls would make the file's name lie about its extension.
  const base = stripBidiControls(subject).replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
  return `${base.length > 0 ? base : 'message'}.${extension}`;
}
