import { SyncFailure } from '../sync-error-codes.ts';

/** Throws SYNC_ERR_CANCELLED once the sync's signal has fired. */
export function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SyncFailure('SYNC_ERR_CANCELLED', 'the sync was cancelled');
}
