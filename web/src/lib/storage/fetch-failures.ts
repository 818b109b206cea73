// A message whose whole fetch failed (DESIGN.md invariant 9): the failure goes on the message,
// where the planner reads it (fetchFailure: fetched last, with backoff) and the inbox shows it,
// and the sync goes on with the others.
import { nextFailure } from '../../../../shared/sync/index.ts';
import type { SatchelDatabase } from './open-database.ts';
import { withInboxDate } from './inbox-date.ts';
import { runReadWrite } from './run-transaction.ts';
import { placeholderRecord } from './placeholder-record.ts';
import { assignThreads, refreshThreads } from './thread-assignment.ts';

/** Counts one more failed fetch of `uid` with `code`; a message already complete is left alone. */
export async function recordFetchFailure(db: SatchelDatabase, accountId: string, uid: string, listedSize: number, code: string, now: number): Promise<void> {
  await runReadWrite(db, ['messages', 'threads'], {}, async (tx) => {
    const store = tx.objectStore('messages');
    const existing = await store.get([accountId, uid]);
    if (existing?.state === 'complete') return;
    const record = { ...(existing ?? placeholderRecord(accountId, uid, listedSize, now)), fetchFailure: nextFailure(existing?.fetchFailure, code, now) };
    // A placeholder is a conversation of its own until its headers arrive; a known message's
    // row shows the failure too.
    const threaded = await assignThreads(tx, [{ record, previous: existing }]);
    await store.put(withInboxDate(threaded.withThread(record)));
    await refreshThreads(tx, threaded.touched);
  });
}
