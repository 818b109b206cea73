// Opening and closing the database: the lifecycle (like pinafore's databaseLifecycle.js).
import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION } from './constants.ts';
import { MIGRATIONS, runMigrations, type Migration } from './migrations.ts';
import type { SatchelDB } from './schema.ts';
import { toStorageError } from './storage-error.ts';

export type SatchelDatabase = IDBPDatabase<SatchelDB>;

export interface OpenOptions {
  /** Defaults to DB_NAME; tests use a fresh name each. */
  name?: string;
  /** Defaults to DB_VERSION; the migration test opens older versions. */
  version?: number;
  /** Called after this connection closed itself so another tab could upgrade; reopen to continue. */
  onClosedForUpgrade?: () => void;
  /** Called if the browser closed the connection abnormally (for example, storage was cleared). */
  onTerminated?: () => void;
  /** Defaults to MIGRATIONS; tests pass a ladder with a failing step. */
  migrations?: readonly Migration[];
}

/** Opens (creating or upgrading) the database. Rejects with StorageError STORAGE_ERR_OPEN or _VERSION. */
export async function openSatchelDB(options: OpenOptions = {}): Promise<SatchelDatabase> {
  const version = options.version ?? DB_VERSION;
  try {
    const db = await openDB<SatchelDB>(options.name ?? DB_NAME, version, {
      upgrade(database, oldVersion, newVersion, tx) {
        runMigrations(database, oldVersion, newVersion ?? version, tx, options.migrations ?? MIGRATIONS);
      },
      // Another tab runs a newer Satchel: step aside so its upgrade is not blocked forever.
      blocking() {
        db.close();
        options.onClosedForUpgrade?.();
      },
      terminated() {
        options.onTerminated?.();
      },
    });
    return db;
  } catch (error) {
    throw toStorageError(error, 'STORAGE_ERR_OPEN');
  }
}
