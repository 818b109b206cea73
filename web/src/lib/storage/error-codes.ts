/**
 * Every error code the storage layer can produce. Same shape as the other layers' tables.
 * `local`: our caller passed something we refuse to store. `remote`: the browser's IndexedDB
 * (quota, an aborted transaction, a newer database) said no.
 */
import type { ErrorCodeTable } from '../../../../shared/errors/index.ts';

export const STORAGE_ERROR_CODES = {
  STORAGE_ERR_INVALID_RECORD: { side: 'local', summary: 'A record is missing a field or has one of the wrong type, so it was not stored.' },
  STORAGE_ERR_CREDENTIAL_FIELD: { side: 'local', summary: 'An account record carried a password or token; credentials are never stored in IndexedDB.' },
  STORAGE_ERR_NOT_FOUND: { side: 'local', summary: 'No stored message has that account and UIDL.' },
  STORAGE_ERR_QUOTA: { side: 'remote', summary: 'The browser refused the write: storage quota exceeded.' },
  STORAGE_ERR_TRANSACTION: { side: 'remote', summary: 'The IndexedDB transaction aborted; nothing in it was stored.' },
  STORAGE_ERR_OPEN: { side: 'remote', summary: 'The database could not be opened or upgraded.' },
  STORAGE_ERR_VERSION: { side: 'remote', summary: 'The stored database is newer than this version of Satchel.' },
} as const satisfies ErrorCodeTable;

export type StorageErrorCode = keyof typeof STORAGE_ERROR_CODES;
