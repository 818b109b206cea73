// Commits many downloaded messages in one transaction with strict durability.
//
// Why a batch: each strict transaction costs a flush to disk. A first sync of 2,000 messages
// committed one by one would pay 2,000 flushes; in batches of ~64 it pays ~32. Invariant 2
// still holds per message: the promise resolves only after the transaction's `complete`
// event, and a failed batch stores none of its messages (the transaction aborts whole).
import type { IDBPTransaction } from 'idb';
import type { MessageCommit } from './commit-message.ts';
import type { SatchelDatabase } from './open-database.ts';
import { runReadWrite } from './run-transaction.ts';
import type { MessageRecord, SatchelDB } from './schema.ts';
import { validateMessage } from './validate-message.ts';

type CommitTransaction = IDBPTransaction<SatchelDB, ['messages', 'message-bodies'], 'readwrite'>;

export async function commitMessages(db: SatchelDatabase, commits: readonly MessageCommit[]): Promise<void> {
  // Validate everything first, so one bad record refuses the batch before any write starts.
  for (const { raw, ...record } of commits) validateMessage(record, raw);
  if (commits.length === 0) return;
  await runReadWrite(db, ['messages', 'message-bodies'], { durability: 'strict' }, async (tx) => {
    // One after the other (see commit-message.ts): a failing put leaves no request promise
    // to reject unobserved when the transaction aborts.
    for (const commit of commits) await putMerged(tx, commit);
  });
}

/** Writes one message inside `tx`, keeping what the user did here and never downgrading a whole copy. */
export async function putMerged(tx: CommitTransaction, commit: MessageCommit): Promise<void> {
  const { raw, ...record } = commit;
  const messages = tx.objectStore('messages');
  const existing = await messages.get([record.accountId, record.uid]);
  // Invariant 3: the key (account, UIDL) makes a second commit overwrite, never duplicate.
  // A header-only refetch must not replace a complete copy with a preview.
  if (existing?.state === 'complete' && record.state === 'header') return;
  // What the user did here (read it, deleted it) outlives a refetch of the bytes.
  const merged: MessageRecord = existing === undefined
    ? record
    : { ...record, flags: { seen: existing.flags.seen || record.flags.seen }, deletedLocally: existing.deletedLocally || record.deletedLocally };
  await messages.put(merged);
  await tx.objectStore('message-bodies').put({ accountId: record.accountId, uid: record.uid, raw });
}
