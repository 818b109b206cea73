// The sync Worker's logic, apart from the Worker global so Node tests can drive it: one sync
// per account at a time, cancel by requestId, every outcome posted as a FromSyncWorker message.
// The password arrives in the 'sync' message, goes to runSync for login and nowhere else:
// never logged, never stored, never posted back (DESIGN.md invariant 6).
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

  async function sync(message: Extract<ToSyncWorker, { type: 'sync' }>): Promise<void> {
    const { requestId, account, settings } = message;
    if ([...running.values()].some((r) => r.accountId === account.id)) {
      options.post({ type: 'failed', requestId, accountId: account.id, code: 'SYNC_ERR_ALREADY_RUNNING', message: 'a sync of this account is already running' });
      return;
    }
    const controller = new AbortController();
    running.set(requestId, { accountId: account.id, controller });
    try {
      db ??= options.openDb();
      // A failed open must not stick: the next sync tries again.
      const database = await db.catch((error: unknown) => {
        db = null;
        throw error;
      });
      const summary = await runSync({
        openChannel: () => options.openChannel(account),
        db: database,
        account,
        password: message.credentials.password,
        settings,
        signal: controller.signal,
        onUpdate: (update) => options.post({ ...update, requestId }),
      });
      options.post({ type: 'finished', requestId, summary });
    } catch (error) {
      const failure: SyncFailure = toSyncFailure(error, controller.signal.aborted);
      options.post({ type: 'failed', requestId, accountId: account.id, code: failure.code, message: failure.message });
    } finally {
      running.delete(requestId);
    }
  }

  return (message) => {
    if (message.type === 'sync') void sync(message);
    else if (message.type === 'cancel') running.get(message.requestId)?.controller.abort();
  };
}

/** ws: or wss: to the same host that served the app, path /tunnel (the bridge serves both). */
export function tunnelUrlFor(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/tunnel`;
}
