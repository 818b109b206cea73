// Removing an account removes everything stored under it, in one transaction, so a crash
// half way leaves either the whole account or none of it (never messages with no account).
import type { SatchelDatabase } from './open-database.ts';
import { runReadWrite } from './run-transaction.ts';

export async function deleteAccount(db: SatchelDatabase, accountId: string): Promise<void> {
  // Keys are [accountId, uid]: a shorter array sorts first and any array sorts after any
  // string, so this range is exactly this account's messages (as in ledger-for.ts).
  const range = IDBKeyRange.bound([accountId], [accountId, []]);
  await runReadWrite(db, ['accounts', 'messages', 'message-bodies', 'sync-state', 'threads'], {}, async (tx) => {
    await Promise.all([
      tx.objectStore('threads').delete(range),
      tx.objectStore('messages').delete(range),
      tx.objectStore('message-bodies').delete(range),
      tx.objectStore('sync-state').delete(accountId),
      tx.objectStore('accounts').delete(accountId),
    ]);
  });
}
