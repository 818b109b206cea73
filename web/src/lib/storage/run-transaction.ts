// One way to run a read-write unit of work, so every write gets the same two guarantees:
// the promise settles only after the transaction completes (or aborts), and any failure
// comes out as a StorageError.
//
// idb README, "Transaction lifetime": do not await anything but the transaction's own
// requests inside `work`, or the transaction auto-commits half done.
import type { IDBPTransaction, StoreNames } from 'idb';
import type { SatchelDatabase } from './open-database.ts';
import type { SatchelDB } from './schema.ts';
import { toStorageError } from './storage-error.ts';

type Stores = StoreNames<SatchelDB>[];

export async function runReadWrite<S extends Stores, T>(
  db: SatchelDatabase,
  stores: S,
  options: IDBTransactionOptions,
  work: (tx: IDBPTransaction<SatchelDB, S, 'readwrite'>) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(stores, 'readwrite', options);
  const result = work(tx).catch((error: unknown) => {
    try {
      tx.abort();
    } catch {
      // Already aborted by the failed request.
    }
    throw error;
  });
  try {
    // Promise.all listens to both, so an abort is never an unhandled rejection.
    const [value] = await Promise.all([result, tx.done]);
    return value;
  } catch (error) {
    throw toStorageError(error);
  }
}
