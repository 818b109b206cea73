// The sync Worker's logic, apart from the Worker global so Node tests can drive it: one sync
// per account at a time, cancel by requestId, every outcome posted as a FromSyncWorker message.
// The password arrives in the 'sync' message, goes to runSync for login and nowhere else:
// never logged, never stored, never posted back (DESIGN.md invariant 6).
import { isSearchErrorCode } from '../../search/error-codes.ts';
import { SearchIndexer } from '../../search/search-indexer.ts';
import type { AccountRecord, SatchelDatabase } from '../../storage/index.ts';
import { runSync as defaultRunSync, type RunSyncOptions } from './run-sync.ts';
import { SyncFailure, toSyncFailure } from '../sync-error-codes.ts';
import type { FromSyncWorker, ToSyncWorker } from '../sync-messages.ts';

export interface SyncWorkerHostOptions {
  post: (message: FromSyncWorker) => void;
  openDb: () => Promise<SatchelDatabase>;
  openChannel: (account: AccountRecord) => ReturnType<RunSyncOptions['openChannel']>;
  runSync?: (options: RunSyncOptions) => ReturnType<typeof defaultRunSync>;
}

export function createSyncWorkerHost(options: SyncWorkerHostOptions): (message: ToSyncWorker) => void {
  const runSync = options.runSync ?? defaultRunSync;
  const running = new Map<string, { accountId: string; controller: AbortController }>();
  let db: Promise<SatchelDatabase> | null = null;
  const database = (): Promise<SatchelDatabase> => {
    db ??= options.openDb();
    // A failed open must not stick: the next sync tries again.
    return db.catch((error: unknown) => {
      db = null;
      throw error;
    });
  };
  // Created with the Worker's first message, so a start catches up with what the last one
  // left (a killed tab) before the first search, without waiting for a sync.
  let indexer: SearchIndexer | null = null;
  const searchIndex = (): SearchIndexer => {
    if (indexer === null) {
      indexer = new SearchIndexer(database);
      indexer.start().catch(() => undefined);
    }
    return indexer;
  };

  async function sync(message: Extract<ToSyncWorker, { type: 'sync' }>): Promise<void> {
    const { requestId, account, settings } = message;
    if ([...running.values()].some((r) => r.accountId === account.id)) {
      options.post({ type: 'failed', requestId, accountId: account.id, code: 'SYNC_ERR_ALREADY_RUNNING', message: 'a sync of this account is already running' });
      return;
    }
    const controller = new AbortController();
    running.set(requestId, { accountId: account.id, controller });
    try {
      const opened = await database();
      const index = searchIndex();
      const summary = await runSync({
        openChannel: () => options.openChannel(account),
        db: opened,
        account,
        password: message.credentials.password,
        settings,
        signal: controller.signal,
        onUpdate: (update) => {
          // Only after the batch's transaction completed (DESIGN.md invariant 2), as the page hears it.
          if (update.type === 'stored') index.committed(update.accountId, update.uids, update.state);
          options.post({ ...update, requestId });
        },
      });
      options.post({ type: 'finished', requestId, summary });
    } catch (error) {
      const failure: SyncFailure = toSyncFailure(error, controller.signal.aborted);
      options.post({ type: 'failed', requestId, accountId: account.id, code: failure.code, message: failure.message });
    } finally {
      running.delete(requestId);
      if (indexer !== null) void indexer.syncEnded(account.id).catch(() => undefined);
    }
  }

  async function search(message: Extract<ToSyncWorker, { type: 'search' }>): Promise<void> {
    try {
      const { records, complete, indexing } = await searchIndex().search(message.query, message.limit);
      options.post({ type: 'search-results', requestId: message.requestId, records, complete, indexing });
    } catch (error) {
      const code = isSearchErrorCode((error as { code?: unknown } | null)?.code) ? (error as { code: string }).code : 'SEARCH_ERR_INDEX';
      options.post({ type: 'search-failed', requestId: message.requestId, code, message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (message) => {
    if (message.type === 'sync') void sync(message);
    else if (message.type === 'cancel') running.get(message.requestId)?.controller.abort();
    else if (message.type === 'search') void search(message);
    else if (message.type === 'restored') searchIndex().restored(message.accountId, message.uid);
  };
}

/** ws: or wss: to the same host that served the app, path /tunnel (the bridge serves both). */
export function tunnelUrlFor(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/tunnel`;
}
