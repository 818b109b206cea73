// When each account last synced, and how the last attempt ended (a stable error code).
import type { SatchelDatabase } from './open-database.ts';
import { runReadWrite } from './run-transaction.ts';
import type { SyncStateRecord } from './schema.ts';

export function getSyncState(db: SatchelDatabase, accountId: string): Promise<SyncStateRecord | undefined> {
  return db.get('sync-state', accountId);
}

export async function putSyncState(db: SatchelDatabase, state: SyncStateRecord): Promise<void> {
  await runReadWrite(db, ['sync-state'], {}, async (tx) => {
    const { accountId, lastSyncAt, lastErrorCode, pipeliningDistrustedAt, serverHasNoUidl } = state;
    await tx.objectStore('sync-state').put({
      accountId,
      lastSyncAt,
      lastErrorCode,
      ...(pipeliningDistrustedAt === undefined ? {} : { pipeliningDistrustedAt }),
      ...(serverHasNoUidl === true ? { serverHasNoUidl } : {}),
    });
  });
}
