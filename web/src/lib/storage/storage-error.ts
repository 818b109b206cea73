import { defineErrorLayer } from '../../../../shared/errors/index.ts';
import { STORAGE_ERROR_CODES, type StorageErrorCode } from './error-codes.ts';

/** An error in the storage layer, with a stable code from STORAGE_ERROR_CODES. */
export class StorageError extends defineErrorLayer('StorageError', STORAGE_ERROR_CODES).Error {}

/** Maps what IndexedDB throws (DOMException names) to a StorageError; passes StorageErrors through. */
export function toStorageError(error: unknown, fallback: StorageErrorCode = 'STORAGE_ERR_TRANSACTION'): StorageError {
  if (error instanceof StorageError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'QuotaExceededError') return new StorageError('STORAGE_ERR_QUOTA', undefined, { cause: error });
  if (name === 'VersionError') return new StorageError('STORAGE_ERR_VERSION', undefined, { cause: error });
  if (name === 'DataCloneError' || name === 'DataError') return new StorageError('STORAGE_ERR_INVALID_RECORD', undefined, { cause: error });
  return new StorageError(fallback, undefined, { cause: error });
}
