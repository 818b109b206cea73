// What the user does to a stored message: read it, delete it here.
import type { SatchelDatabase } from './open-database.ts';
import { withInboxDate } from './inbox-date.ts';
import { runReadWrite } from './run-transaction.ts';
import type { MessageRecord } from './schema.ts';
import { StorageError } from './storage-error.ts';
import { refreshThreads, touchedByChange } from './thread-assignment.ts';

async function updateMessage(db: SatchelDatabase, accountId: string, uid: string, change: (m: MessageRecord) => MessageRecord): Promise<void> {
  await runReadWrite(db, ['messages', 'threads'], {}, async (tx) => {
    const message = await tx.objectStore('messages').get([accountId, uid]);
    if (message === undefined) throw new StorageError('STORAGE_ERR_NOT_FOUND', `No message ${uid} in account ${accountId}.`);
    const changed = withInboxDate(change(message));
    const row = message.threadKey === undefined ? undefined : await tx.objectStore('threads').get([accountId, message.threadKey]);
    await tx.objectStore('messages').put(changed);
    // Its conversation's count, unread count and latest message change with it, in the same transaction.
    await refreshThreads(tx, touchedByChange(message, changed, row));
  });
}

export function markSeen(db: SatchelDatabase, accountId: string, uid: string, seen = true): Promise<void> {
  return updateMessage(db, accountId, uid, (m) => ({ ...m, flags: { ...m.flags, seen } }));
}

/**
 * Hides the message here. It stays as a tombstone, bytes included, so the next sync does not
 * fetch it again and the 'delete-when-deleted-here' policy can DELE it on the server; only
 * then is it gone from both sides.
 */
export function deleteLocally(db: SatchelDatabase, accountId: string, uid: string): Promise<void> {
  return updateMessage(db, accountId, uid, (m) => ({ ...m, deletedLocally: true }));
}

/** Undoes deleteLocally: the message is listed again, as it was. */
export function restoreLocally(db: SatchelDatabase, accountId: string, uid: string): Promise<void> {
  return updateMessage(db, accountId, uid, (m) => ({ ...m, deletedLocally: false }));
}
