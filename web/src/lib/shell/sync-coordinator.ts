// Wires the sync engine to the rest of the app: the scheduler reads accounts, passwords and
// settings from their owners, and one-off syncs (a new account, a tapped body) go through the
// same controller so progress and errors show in one place.
import type { AccountDirectory } from '../accounts/account-directory.svelte.ts';
import type { CredentialStore } from '../accounts/credential-store.svelte.ts';
import { browserConnection, createSettingsFor } from '../settings/settings-for.ts';
import type { StorageStatus } from '../settings/storage-status.svelte.ts';
import type { SyncPreferences } from '../settings/sync-preferences.svelte.ts';
import type { SatchelDatabase } from '../storage/open-database.ts';
import type { AccountRecord } from '../storage/schema.ts';
import { SyncController } from '../sync/sync-controller.svelte.ts';
import { SyncScheduler } from '../sync/sync-scheduler.svelte.ts';

export interface SyncCoordinatorOptions {
  db: SatchelDatabase;
  directory: AccountDirectory;
  credentials: CredentialStore;
  preferences: SyncPreferences;
  storage: StorageStatus;
}

export class SyncCoordinator {
  readonly controller = new SyncController();
  readonly scheduler: SyncScheduler;
  readonly #options: SyncCoordinatorOptions;
  readonly #settingsFor: ReturnType<typeof createSettingsFor>;

  constructor(options: SyncCoordinatorOptions) {
    this.#options = options;
    this.#settingsFor = createSettingsFor({
      preferences: () => options.preferences.values,
      storagePersistent: () => options.storage.isPersistent(),
      connection: browserConnection,
    });
    this.scheduler = new SyncScheduler({
      controller: this.controller,
      accounts: () => [...options.directory.accounts],
      password: (accountId) => options.credentials.password(accountId),
      settings: (account) => this.#settingsFor(account),
      intervalMinutes: () => options.preferences.intervalMinutes,
    });
  }

  /**
   * Syncs one account now, optionally fetching the bodies of `fetchUids` whatever their size.
   * Failures are not thrown: the controller's lastError shows them, worded from the code.
   */
  syncAccount(account: AccountRecord, fetchUids: readonly string[] = []): Promise<void> {
    return this.#run(account, fetchUids, false);
  }

  /**
   * Fetches one message's body and nothing else (no new headers, no other body, no deletion):
   * a tap in a large mailbox costs that message, not a whole sync.
   */
  fetchOne(account: AccountRecord, uid: string): Promise<void> {
    return this.#run(account, [uid], true);
  }

  async #run(account: AccountRecord, fetchUids: readonly string[], onlyFetchUids: boolean): Promise<void> {
    const password = this.#options.credentials.password(account.id);
    if (password === null) return;
    // The controller hands back a sync already running for this account, whatever settings
    // we pass; so when a body was asked for, try again once that one ended without it.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const settings = await this.#settingsFor(account, fetchUids);
        await this.controller.sync(account, password, onlyFetchUids ? { ...settings, onlyFetchUids } : settings);
      } catch {
        return;
      }
      if (fetchUids.length === 0 || (await this.#allComplete(account.id, fetchUids))) return;
    }
  }

  async #allComplete(accountId: string, uids: readonly string[]): Promise<boolean> {
    const records = await Promise.all(uids.map((uid) => this.#options.db.get('messages', [accountId, uid])));
    return records.every((record) => record === undefined || record.state === 'complete');
  }

  dispose(): void {
    this.controller.dispose();
  }
}
