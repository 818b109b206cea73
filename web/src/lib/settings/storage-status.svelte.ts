// Whether the browser may evict our mail, and how much room it takes. DESIGN.md invariant 2: while
// storage is not persistent nothing is deleted on the server, and the UI says so.

/** The part of navigator.storage we use; absent in old browsers and in insecure contexts. */
export type StorageManagerLike = Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>;

export class StorageStatus {
  #persisted = $state<boolean | null>(null);
  #usage = $state<number | null>(null);
  #quota = $state<number | null>(null);
  #manager: StorageManagerLike | undefined;

  constructor(manager: StorageManagerLike | undefined = typeof navigator === 'undefined' ? undefined : navigator.storage) {
    this.#manager = manager;
  }

  get supported(): boolean {
    return this.#manager !== undefined;
  }

  /** null until known (or when the browser cannot tell). */
  get persisted(): boolean | null {
    return this.#persisted;
  }

  get usage(): number | null {
    return this.#usage;
  }

  get quota(): number | null {
    return this.#quota;
  }

  async refresh(): Promise<void> {
    if (this.#manager === undefined) return;
    try {
      this.#persisted = await this.#manager.persisted();
      const { usage, quota } = await this.#manager.estimate();
      this.#usage = usage ?? null;
      this.#quota = quota ?? null;
    } catch {
      // A browser that throws here cannot tell us; keep what we had.
    }
  }

  /** Asks the browser to keep our data; resolves to whether it now will. */
  async requestPersist(): Promise<boolean> {
    if (this.#manager === undefined) return false;
    try {
      await this.#manager.persist();
    } catch {
      // Refused or unsupported: refresh() below reports the truth.
    }
    await this.refresh();
    return this.#persisted === true;
  }

  /** What the sync needs to know, read fresh from the browser each time (a grant can be revoked). */
  async isPersistent(): Promise<boolean> {
    try {
      return (await this.#manager?.persisted()) === true;
    } catch {
      return false;
    }
  }
}
