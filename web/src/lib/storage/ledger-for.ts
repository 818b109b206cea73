// The local ledger for one account, in the shape shared/sync's planner takes.
import type { LedgerEntry } from '../../../../shared/sync/index.ts';
import type { SatchelDatabase } from './open-database.ts';

export async function ledgerFor(db: SatchelDatabase, accountId: string): Promise<Map<string, LedgerEntry>> {
  // Keys are [accountId, uid]; a shorter array sorts first and any array sorts after any
  // string, so this range is exactly this account's messages. Records only: no whole
  // message's bytes (a header-only record carries its short preview).
  const range = IDBKeyRange.bound([accountId], [accountId, []]);
  const records = await db.getAll('messages', range);
  return new Map(records.map(({ uid, state, size, storedAt, deletedLocally, fetchFailure }) => [uid, { uid, state, size, storedAt, deletedLocally, ...(fetchFailure ? { fetchFailure } : {}) }]));
}
