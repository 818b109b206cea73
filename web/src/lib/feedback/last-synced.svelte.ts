// When mail last arrived, for the status line: the newest lastSyncAt over all accounts, as
// stored by the sync, then kept current from each finished sync.
import type { SatchelDatabase } from '../storage/open-database.ts';
import { getSyncState } from '../storage/sync-state.ts';

export class LastSynced {
  #at = $state<number | null>(null);

  get at(): number | null {
    return this.#at;
  }

  async load(db: SatchelDatabase, accountIds: readonly string[]): Promise<void> {
    const states = await Promise.all(accountIds.map((id) => getSyncState(db, id)));
    for (const state of states) if (state?.lastSyncAt != null) this.record(state.lastSyncAt);
  }

  record(at: number): void {
    if (this.#at === null || at > this.#at) this.#at = at;
  }
}
