// The accounts the user has, as reactive state over the mail DB's `accounts` store, and the
// one place that adds, edits and removes them (with their passwords and their mail).
import type { TargetInfo } from '../../../../shared/tunnel/index.ts';
import { listAccounts, putAccount } from '../storage/accounts.ts';
import { deleteAccount } from '../storage/delete-account.ts';
import type { SatchelDatabase } from '../storage/open-database.ts';
import type { AccountRecord } from '../storage/schema.ts';
import type { CredentialStore } from './credential-store.svelte.ts';
import { DEMO_ACCOUNT_ID, DEMO_PASSWORD, demoAccountFor } from './demo-account.ts';

/** A yes/no the user's choices leave behind; plain preferences, so localStorage is fine. */
export interface Flag {
  get(): boolean;
  set(value: boolean): void;
}

export interface AccountDirectoryOptions {
  /** Set once the user removes the demo account, so it is not created again. */
  demoDismissed?: Flag;
  /** Called after the first account is added: the moment to ask for persistent storage. */
  onFirstAccount?: () => void;
}

export interface AccountSave {
  account: AccountRecord;
  /** Null or empty on an edit: keep the password already held. */
  password: string | null;
  remember: boolean;
}

export class AccountDirectory {
  #accounts = $state.raw<readonly AccountRecord[]>([]);
  #loaded = $state(false);
  #db: SatchelDatabase;
  #credentials: CredentialStore;
  #options: AccountDirectoryOptions;

  constructor(db: SatchelDatabase, credentials: CredentialStore, options: AccountDirectoryOptions = {}) {
    this.#db = db;
    this.#credentials = credentials;
    this.#options = options;
  }

  get accounts(): readonly AccountRecord[] {
    return this.#accounts;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  byId(id: string): AccountRecord | undefined {
    return this.#accounts.find((a) => a.id === id);
  }

  async load(): Promise<void> {
    const all = await listAccounts(this.#db);
    this.#accounts = all.sort((a, b) => a.displayName.localeCompare(b.displayName));
    // The demo password is public and never remembered: give it back after every reload.
    const demo = this.byId(DEMO_ACCOUNT_ID);
    if (demo !== undefined && !this.#credentials.has(demo.id)) await this.#credentials.set(demo.id, DEMO_PASSWORD, false);
    this.#loaded = true;
  }

  async save({ account, password, remember }: AccountSave): Promise<void> {
    const first = this.#accounts.length === 0;
    // putAccount rebuilds the record from known fields and refuses credential-like ones, so
    // the password cannot ride along into the mail DB even by mistake.
    await putAccount(this.#db, account);
    if (password !== null && password.length > 0) await this.#credentials.set(account.id, password, remember);
    else await this.#credentials.setRemember(account.id, remember);
    await this.load();
    if (first) this.#options.onFirstAccount?.();
  }

  /** Removes the account, every message stored for it, and its password (memory and vault). */
  async remove(accountId: string): Promise<void> {
    await deleteAccount(this.#db, accountId);
    await this.#credentials.forget(accountId);
    if (accountId === DEMO_ACCOUNT_ID) this.#options.demoDismissed?.set(true);
    await this.load();
  }

  /** Creates the demo account when the bridge offers `demo` and there is no account yet. */
  async ensureDemo(targets: readonly TargetInfo[]): Promise<AccountRecord | null> {
    if (!this.#loaded || this.#options.demoDismissed?.get() === true) return null;
    const demo = demoAccountFor(targets, this.#accounts);
    if (demo === null) return null;
    await this.save({ account: demo, password: DEMO_PASSWORD, remember: false });
    return demo;
  }
}
