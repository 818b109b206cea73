// What each account's last sync learnt about its server that the forms must explain: for now,
// whether it has no UIDL (then delete policies do nothing there).
import type { SatchelDatabase } from '../storage/open-database.ts';
import { getSyncState } from '../storage/sync-state.ts';

export class ServerTraits {
  #withoutUidl = $state<ReadonlySet<string>>(new Set());

  hasNoUidl(accountId: string): boolean {
    return this.#withoutUidl.has(accountId);
  }

  /** Reads the accounts' sync state; call at start and after each finished sync. */
  async load(db: SatchelDatabase, accountIds: readonly string[]): Promise<void> {
    const states = await Promise.all(accountIds.map((id) => getSyncState(db, id)));
    this.#withoutUidl = new Set(states.flatMap((state) => (state?.serverHasNoUidl === true ? [state.accountId] : [])));
  }
}
