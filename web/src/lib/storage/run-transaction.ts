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
    // A failed request aborts the transaction, and `done` may reject first with a bare
    // AbortError (the transaction's error is set only after the request's error event): the
    // work's own failure, when there is one, says what went wrong. It has settled or soon
    // will, since an aborted transaction fails every request still pending.
    const workFailure = await result.then(
      () => null,
      (failure: unknown) => ({ failure }),
    );
    throw toStorageError(workFailure === null ? error : workFailure.failure);
  }
}
