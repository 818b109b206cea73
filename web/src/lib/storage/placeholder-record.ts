// A message known only from the listing: no headers yet, because TOP failed, the server has
// none, or the connection ended first. Its own file, so the thread rows (thread-assignment.ts)
// can tell one without importing the failure bookkeeping that threads it.
import type { MessageRecord } from './schema.ts';

/**
 * A record for a message the sync knows only from the listing: no headers yet, because TOP
 * failed, the server has none, or the connection ended first. It lists as a header-only
 * message with an empty preview; the next fetch fills it in.
 */
export function placeholderRecord(accountId: string, uid: string, size: number, now: number): MessageRecord {
  return {
    accountId,
    uid,
    from: null,
    to: [],
    cc: [],
    subject: '',
    date: now,
    size,
    snippet: '',
    attachments: [],
    flags: { seen: false },
    state: 'header',
    preview: new Uint8Array(0),
    storedAt: now,
    deletedLocally: false,
  };
}

/** Whether `record` is a placeholder: listed by the server, but no header of it stored yet. */
export function isPlaceholder(record: MessageRecord): boolean {
  if (record.state !== 'header' || record.preview === undefined) return false;
  return record.preview instanceof Blob ? record.preview.size === 0 : record.preview.byteLength === 0;
}

/**
 * The record as a list row needs it: without the header-only bytes it may carry (`preview`),
 * except a placeholder's empty preview, which is what marks it as one.
 */
export function withoutPreview(record: MessageRecord): MessageRecord {
  if (record.preview === undefined || isPlaceholder(record)) return record;
  const { preview: _bytes, ...rest } = record;
  return rest;
}
