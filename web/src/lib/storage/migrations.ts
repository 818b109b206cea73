// The upgrade ladder: each step takes the database from version - 1 to version. Steps only
// ever add; a store that exists is taken from the upgrade transaction, never created again.
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import { BY_ACCOUNT_DATE_INDEX, BY_ACCOUNT_INBOX_DATE_INDEX, BY_DATE_INDEX, BY_INBOX_DATE_INDEX, BY_LINK_INDEX, BY_THREAD_INDEX, DB_VERSION_DELETED_LOCALLY, DB_VERSION_INBOX_INDEX, DB_VERSION_INITIAL, DB_VERSION_SEARCH_INDEX, DB_VERSION_THREADS } from './constants.ts';
import { withInboxDate } from './inbox-date.ts';
import type { MessageRecord, SatchelDB } from './schema.ts';
import { assignThreads, refreshThreads } from './thread-assignment.ts';

type UpgradeTransaction = IDBPTransaction<SatchelDB, StoreNames<SatchelDB>[], 'versionchange'>;

export interface Migration {
  version: number;
  migrate(db: IDBPDatabase<SatchelDB>, tx: UpgradeTransaction): void | Promise<void>;
}

/** A v1 message: no deletedLocally flag yet. */
type MessageRecordV1 = Omit<MessageRecord, 'deletedLocally'> & { deletedLocally?: boolean };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: DB_VERSION_INITIAL,
    migrate(db) {
      db.createObjectStore('accounts', { keyPath: 'id' });
      const messages = db.createObjectStore('messages', { keyPath: ['accountId', 'uid'] });
      messages.createIndex(BY_DATE_INDEX, 'date');
      db.createObjectStore('message-bodies', { keyPath: ['accountId', 'uid'] });
      db.createObjectStore('sync-state', { keyPath: 'accountId' });
    },
  },
  {
    version: DB_VERSION_DELETED_LOCALLY,
    async migrate(_db, tx) {
      const messages = tx.objectStore('messages');
      messages.createIndex(BY_ACCOUNT_DATE_INDEX, ['accountId', 'date']);
      // Only the upgrade transaction's own requests are awaited here, so it stays alive.
      for (let cursor = await messages.openCursor(); cursor !== null; cursor = await cursor.continue()) {
        const old: MessageRecordV1 = cursor.value;
        if (typeof old.deletedLocally !== 'boolean') await cursor.update({ ...old, deletedLocally: false });
      }
    },
  },
  {
    version: DB_VERSION_SEARCH_INDEX,
    migrate(db) {
      // Empty: the sync Worker's first start indexes the stored mail (search-indexer.ts catch-up).
      db.createObjectStore('search-index', { keyPath: 'name' });
    },
  },
  {
    version: DB_VERSION_THREADS,
    async migrate(db, tx) {
      const messages = tx.objectStore('messages');
      messages.createIndex(BY_THREAD_INDEX, ['accountId', 'threadKey', 'date']);
      const threads = db.createObjectStore('threads', { keyPath: ['accountId', 'threadKey'] });
      threads.createIndex(BY_DATE_INDEX, 'latestDate');
      threads.createIndex(BY_ACCOUNT_DATE_INDEX, ['accountId', 'latestDate']);
      messages.createIndex(BY_LINK_INDEX, 'threadLinks', { multiEntry: true });
      // Mail stored before this rung has no Message-ID or References in its record: it is
      // grouped by subject alone (docs/THREADS.md). The same code as a commit does the work,
      // on the upgrade transaction, which holds every store.
      const stored = await messages.getAll();
      const threadTx = tx as unknown as Parameters<typeof assignThreads>[0];
      const assigned = await assignThreads(threadTx, stored.map((record) => ({ record, previous: undefined })));
      await Promise.all(stored.map((m) => messages.put(withInboxDate(assigned.withThread(m)))));
      await refreshThreads(threadTx, assigned.touched);
    },
  },
  {
    version: DB_VERSION_INBOX_INDEX,
    async migrate(_db, tx) {
      const messages = tx.objectStore('messages');
      messages.createIndex(BY_INBOX_DATE_INDEX, 'inboxDate');
      messages.createIndex(BY_ACCOUNT_INBOX_DATE_INDEX, ['accountId', 'inboxDate']);
      for (let cursor = await messages.openCursor(); cursor !== null; cursor = await cursor.continue()) {
        if (!cursor.value.deletedLocally) await cursor.update(withInboxDate(cursor.value));
      }
    },
  },
];

/** Runs, in order, every step above oldVersion up to newVersion. Aborts the upgrade on failure. */
export function runMigrations(db: IDBPDatabase<SatchelDB>, oldVersion: number, newVersion: number, tx: UpgradeTransaction, migrations: readonly Migration[] = MIGRATIONS): void {
  const steps = migrations.filter((m) => m.version > oldVersion && m.version <= newVersion);
  // idb makes tx.done eagerly; on an abort the open request already rejects with the reason,
  // so observe done here rather than leave it to reject unhandled.
  tx.done.catch(() => undefined);
  void (async () => {
    for (const step of steps) await step.migrate(db, tx);
  })().catch(() => {
    // An aborted upgrade leaves the old version intact; openDB rejects with AbortError.
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
  });
}
