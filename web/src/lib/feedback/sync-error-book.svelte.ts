// The sync problems to show: the latest per account, so one account's success or failure
// never hides another's. An account's problem goes when it syncs fine, is removed, or the
// user dismisses it.
import { SvelteMap } from 'svelte/reactivity';
import type { SyncError } from '../sync/sync-controller.svelte.ts';

export class SyncErrorBook {
  readonly #byAccount = new SvelteMap<string, SyncError>();

  /** Oldest account first, so a new problem does not move the others around. */
  get errors(): SyncError[] {
    return [...this.#byAccount.values()];
  }

  record(error: SyncError): void {
    this.#byAccount.set(error.accountId, error);
  }

  /** The account synced fine, or is gone. */
  clear(accountId: string): void {
    this.#byAccount.delete(accountId);
  }

  dismiss(error: SyncError): void {
    if (this.#byAccount.get(error.accountId) === error) this.#byAccount.delete(error.accountId);
  }
}
