// The wiring behind MailWorkspace: what follows from what between the sync, the inbox, the
// accounts and the navigation. MailWorkspace renders; this module decides, so every hand-off
// (a finished sync refreshes the inbox, a refused password is forgotten, …) is in one place.
import { untrack } from 'svelte';
import type { AccountSave } from '../accounts/account-directory.svelte.ts';
import { ServerTraits } from '../accounts/server-traits.svelte.ts';
import { LastSynced } from '../feedback/last-synced.svelte.ts';
import { SyncErrorBook } from '../feedback/sync-error-book.svelte.ts';
import { SearchView } from '../search/search-view.svelte.ts';
import { DeleteUndo, type DeletedMessage } from '../reader/delete-undo.svelte.ts';
import { messageAfter, type MessageKey } from '../reader/message-after.ts';
import type { StorageStatus } from '../settings/storage-status.svelte.ts';
import type { SyncPreferences } from '../settings/sync-preferences.svelte.ts';
import { deleteLocally } from '../storage/index.ts';
import type { AccountRecord, MessageRecord } from '../storage/schema.ts';
import type { BridgeTargets } from '../targets/bridge-targets.svelte.ts';
import { ConversationPreference } from '../threads/conversation-preference.svelte.ts';
import { ConversationView } from '../threads/conversation-view.svelte.ts';
import { AppNavigation, type OpenMessage } from './app-navigation.svelte.ts';
import type { Workspace } from './bootstrap.ts';
import { SyncCoordinator } from './sync-coordinator.ts';

export interface WorkspaceCoordinatorOptions {
  workspace: Workspace;
  bridge: BridgeTargets;
  preferences: SyncPreferences;
  storage: StorageStatus;
}

export class WorkspaceCoordinator {
  readonly db: Workspace['db'];
  readonly credentials: Workspace['credentials'];
  readonly directory: Workspace['directory'];
  readonly sync: SyncCoordinator;
  readonly navigation = new AppNavigation();
  /** Whether the list shows conversations; read before `inbox`, which follows it. */
  readonly conversations = new ConversationPreference();
  readonly inbox: ConversationView;
  readonly search: SearchView;
  readonly lastSynced = new LastSynced();
  readonly serverTraits = new ServerTraits();
  /** The sync problems shown, one per account. */
  readonly errors = new SyncErrorBook();
  readonly deleteUndo: DeleteUndo;
  readonly #bridge: BridgeTargets;
  readonly #storage: StorageStatus;

  /** The account whose removal waits for the user's confirmation. */
  removing = $state<AccountRecord | null>(null);

  constructor({ workspace, bridge, preferences, storage }: WorkspaceCoordinatorOptions) {
    this.db = workspace.db;
    this.credentials = workspace.credentials;
    this.directory = workspace.directory;
    this.#bridge = bridge;
    this.#storage = storage;
    this.sync = new SyncCoordinator({ db: this.db, directory: this.directory, credentials: this.credentials, preferences, storage });
    this.inbox = new ConversationView(this.db, { accountId: null }, this.conversations);
    // The index lives in the sync Worker; searching there keeps this thread free.
    this.search = new SearchView((query, limit) => this.controller.search(query, limit));
    this.deleteUndo = new DeleteUndo(this.db);
  }

  /** What the list shows: search results while the field holds a search, else the inbox's rows on screen and around them. */
  get listed(): MessageRecord[] {
    return this.search.active ? this.search.results : this.inbox.rows.shown();
  }

  get selectedRecord(): MessageRecord | undefined {
    const open = this.navigation.selected;
    if (open === null) return undefined;
    return this.search.active ? this.search.results.find((m) => m.accountId === open.accountId && m.uid === open.uid) : this.inbox.find(open.accountId, open.uid);
  }

  get controller() {
    return this.sync.controller;
  }

  /** Accounts in the current view whose password is not known this session. */
  get lockedAccounts(): AccountRecord[] {
    const shown = this.navigation.inboxAccount;
    return this.directory.accounts.filter((a) => !this.credentials.has(a.id) && (shown === null || shown === a.id));
  }

  /**
   * Starts the hand-offs. Call once while the owning component initialises: the effects live
   * and end with it, and so does the sync Worker.
   */
  connect(): void {
    const { controller, inbox, navigation, directory, credentials, db } = this;
    $effect(() => () => this.sync.dispose());
    // untrack: start() reads the accounts once to sync them; later changes must not restart it.
    $effect(() => untrack(() => this.sync.scheduler.start()));
    $effect(() => controller.onStored((stored) => void inbox.refreshFor(stored)));
    $effect(() => {
      void this.#storage.refresh();
      const ids = untrack(() => directory.accounts.map((a) => a.id));
      void this.lastSynced.load(db, ids);
      void this.serverTraits.load(db, ids);
    });

    // A finished sync: note the time, and storage usage has changed.
    $effect(() => {
      const summary = controller.lastSummary;
      if (summary === null) return;
      untrack(() => {
        this.errors.clear(summary.accountId);
        if (summary.onlyFetchedUids !== true) this.lastSynced.record(summary.finishedAt);
        void this.serverTraits.load(db, directory.accounts.map((a) => a.id));
        void this.#storage.refresh();
        void inbox.refresh();
        void this.search.refresh();
      });
    });

    // The server refused the password: stop offering it (the scheduler would only be refused
    // again) and ask the user; a remembered copy is kept until they type a new one.
    $effect(() => {
      const error = controller.lastError;
      if (error === null) return;
      untrack(() => {
        this.errors.record(error);
        if (error.code === 'POP3_ERR_AUTH') credentials.clearSession(error.accountId);
      });
    });

    // The inbox follows the sidebar, and choosing an inbox there leaves a search (as in Gmail).
    $effect(() => {
      const accountId = navigation.inboxAccount;
      if (accountId !== undefined) {
        untrack(() => {
          this.search.clear();
          void inbox.setFilter({ accountId });
        });
      }
    });

    // A newcomer with the bridge's demo target gets a demo mailbox, synced at once.
    $effect(() => {
      const offered = this.#bridge.targets;
      if (!directory.loaded) return;
      untrack(() => {
        void directory.ensureDemo(offered).then((demo) => {
          if (demo !== null) void this.sync.syncAccount(demo);
        });
      });
    });
  }

  accountName = (accountId: string): string | null => this.directory.byId(accountId)?.displayName ?? null;

  async saveAccount(save: AccountSave): Promise<void> {
    await this.directory.save(save);
    this.navigation.showInbox(save.account.id);
    void this.sync.syncAccount(save.account);
  }

  async savePolicy(account: AccountRecord): Promise<void> {
    await this.directory.save({ account, password: null, remember: this.credentials.isRemembered(account.id) });
  }

  async confirmRemove(account: AccountRecord): Promise<void> {
    this.removing = null;
    // An error about an account that no longer exists would only confuse.
    this.errors.clear(account.id);
    this.controller.cancel(account.id);
    await this.directory.remove(account.id);
    this.navigation.forgetAccount(account.id);
    void this.inbox.refresh();
    void this.#storage.refresh();
  }

  async unlock(account: AccountRecord, password: string, remember: boolean): Promise<void> {
    await this.credentials.set(account.id, password, remember);
    void this.sync.syncAccount(account);
  }

  /** Fetches one message's body (a tap on "Download full message"); resolves when that ended. */
  async fetchFull(accountId: string, uid: string): Promise<void> {
    const account = this.directory.byId(accountId);
    if (account !== undefined) await this.sync.fetchOne(account, uid);
  }

  /** Deletes a message from this device (the `#` shortcut); the reader's Delete does the same. */
  async deleteMessage(message: OpenMessage): Promise<void> {
    await deleteLocally(this.db, message.accountId, message.uid);
    const subject = this.listed.find((m) => m.accountId === message.accountId && m.uid === message.uid)?.subject ?? '';
    this.afterDelete({ accountId: message.accountId, uid: message.uid, subject });
  }

  /** A message was deleted here: offer Undo, and go on to the next message, as mail apps do. */
  afterDelete(deleted: DeletedMessage): void {
    const next = messageAfter(this.listed, deleted);
    this.deleteUndo.offer(deleted);
    if (next === null) this.navigation.close();
    else this.navigation.open(next);
    void this.inbox.refresh();
    void this.search.refresh();
  }

  /** A message was marked read or unread: the inbox and any search results show it. */
  afterFlagsChange(): void {
    void this.inbox.refresh();
    void this.search.refresh();
  }

  /** Undo brought a message back: list it and open it again. */
  afterUndo(restored: MessageKey): void {
    // Before the refresh: the Worker indexes it ahead of the search that refresh asks.
    this.controller.restored(restored.accountId, restored.uid);
    this.navigation.open(restored);
    void this.inbox.refresh();
    void this.search.refresh();
  }
}
