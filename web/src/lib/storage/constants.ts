// Names and versions of the IndexedDB database, in one place (like pinafore's _database/constants.js).

export const DB_NAME = 'satchel';

/** v1: accounts, messages (indexed by date only), message-bodies, sync-state. */
export const DB_VERSION_INITIAL = 1;
/** v2: messages gain `deletedLocally` (default false) and the by-account-date index. */
export const DB_VERSION_DELETED_LOCALLY = 2;

/** @alias The current version: the last rung of the ladder. */
export const DB_VERSION = DB_VERSION_DELETED_LOCALLY;

export const BY_DATE_INDEX = 'by-date';
export const BY_ACCOUNT_DATE_INDEX = 'by-account-date';
