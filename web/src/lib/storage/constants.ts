// Names and versions of the IndexedDB database, in one place (like pinafore's _database/constants.js).

export const DB_NAME = 'satchel';

/** v1: accounts, messages (indexed by date only), message-bodies, sync-state. */
export const DB_VERSION_INITIAL = 1;
/** v2: messages gain `deletedLocally` (default false) and the by-account-date index. */
export const DB_VERSION_DELETED_LOCALLY = 2;

/** v3: the search-index store: the full-text index and what it has indexed (web/src/lib/search). */
export const DB_VERSION_SEARCH_INDEX = 3;
/** v4: conversations: messages gain messageId, references, threadKey and threadLinks (by-thread and by-link indexes); the threads store. */
export const DB_VERSION_THREADS = 4;
/** v5: messages in the inbox (not tombstones) gain `inboxDate` and the two inbox indexes. */
export const DB_VERSION_INBOX_INDEX = 5;

/** @alias The current version: the last rung of the ladder. */
export const DB_VERSION = DB_VERSION_INBOX_INDEX;

export const BY_DATE_INDEX = 'by-date';
export const BY_ACCOUNT_DATE_INDEX = 'by-account-date';
export const BY_THREAD_INDEX = 'by-thread';
export const BY_LINK_INDEX = 'by-link';
/** The inbox in list order, tombstones left out: its count is the list's length, and a cursor can skip to any row. */
export const BY_INBOX_DATE_INDEX = 'by-inbox-date';
export const BY_ACCOUNT_INBOX_DATE_INDEX = 'by-account-inbox-date';
