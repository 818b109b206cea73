// A message whose whole fetch failed (DESIGN.md invariant 9): the failure goes on the message,
// where the planner reads it (fetchFailure: fetched last, with backoff) and the inbox shows it,
// and the sync goes on with the others.
import { nextFailure } from '../../../../shared/sync/index.ts';
import type { SatchelDatabase } from './open-database.ts';
import { runReadWrite } from './run-transaction.ts';
import type { MessageRecord } from './schema.ts';
import { assignThreads, refreshThreads } from './thread-assignment.ts';

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

/** Counts one more failed fetch of `uid` with `code`; a message already complete is left alone. */
export async function recordFetchFailure(db: SatchelDatabase, accountId: string, uid: string, listedSize: number, code: string, now: number): Promise<void> {
  await runReadWrite(db, ['messages', 'threads', 'thread-links'], {}, async (tx) => {
    const store = tx.objectStore('messages');
    const existing = await store.get([accountId, uid]);
    if (existing?.state === 'complete') return;
    const record = { ...(existing ?? placeholderRecord(accountId, uid, listedSize, now)), fetchFailure: nextFailure(existing?.fetchFailure, code, now) };
    // A placeholder is a conversation of its own until its headers arrive; a known message's
    // row shows the failure too.
    const threaded = await assignThreads(tx, [record]);
    await store.put({ ...record, threadKey: threaded.threadOf(record) });
    await refreshThreads(tx, threaded.touched);
  });
}

/** Whether `record` is a placeholder: listed by the server, but no header of it stored yet. */
export function isPlaceholder(record: MessageRecord): boolean {
  if (record.state !== 'header' || record.preview === undefined) return false;
  return record.preview instanceof Blob ? record.preview.size === 0 : record.preview.byteLength === 0;
}
