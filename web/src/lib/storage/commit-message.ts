// Commits one downloaded message (metadata and bytes) atomically.
//
// Invariant 2: DELE may be sent for a UIDL only after this promise resolves, so it must
// resolve only once the transaction's `complete` event has fired, and the transaction must
// ask for strict durability (flushed to disk, not just to the OS cache).
import type { SatchelDatabase } from './open-database.ts';
import { runReadWrite } from './run-transaction.ts';
import type { MessageRecord, RawMessage } from './schema.ts';
import { validateMessage } from './validate-message.ts';

export interface MessageCommit extends MessageRecord {
  raw: RawMessage;
}

export async function commitMessage(db: SatchelDatabase, commit: MessageCommit): Promise<void> {
  const { raw, ...record } = commit;
  validateMessage(record, raw);
  await runReadWrite(db, ['messages', 'message-bodies'], { durability: 'strict' }, async (tx) => {
    const messages = tx.objectStore('messages');
    const existing = await messages.get([record.accountId, record.uid]);
    // Invariant 3: the key (account, UIDL) makes a second commit overwrite, never duplicate.
    // A header-only refetch must not replace a complete copy with a preview.
    if (existing?.state === 'complete' && record.state === 'header') return;
    // What the user did here (read it, deleted it) outlives a refetch of the bytes.
    const merged: MessageRecord = existing === undefined
      ? record
      : { ...record, flags: { seen: existing.flags.seen || record.flags.seen }, deletedLocally: existing.deletedLocally || record.deletedLocally };
    // One after the other: if the second put throws (say, DataCloneError), the first has
    // already settled, so no request promise is left to reject unobserved on the abort.
    await messages.put(merged);
    await tx.objectStore('message-bodies').put({ accountId: record.accountId, uid: record.uid, raw });
  });
}
