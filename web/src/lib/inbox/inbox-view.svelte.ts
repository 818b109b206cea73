// The inbox as the list shows it: pages of message metadata, newest first, from IndexedDB.
import { listMessages, type MessageRecord, type SatchelDatabase } from '../storage/index.ts';

export interface InboxFilter {
  /** null = the unified inbox of every account. */
  accountId: string | null;
}

const INBOX_PAGE_SIZE = 200;

/** Messages just committed to one account, and the latest date among them. */
export interface StoredBatch {
  accountId: string;
  uids: readonly string[];
  newestDate: number;
}

export class InboxView {
  readonly #db: SatchelDatabase;
  readonly #pageSize: number;
  #filter: InboxFilter;
  // $state.raw: records are replaced, never mutated, and deep proxies over 10,000 of them
  // would cost more than the list itself.
  #messages = $state.raw<MessageRecord[]>([]);
  #loading = $state(false);
  #hasMore = $state(true);
  /** Bumped by refresh and setFilter, so a page that arrives for an older query is dropped. */
  #generation = 0;

  /** Starts loading the first page at once; await refresh() to wait for it. */
  constructor(db: SatchelDatabase, filter: InboxFilter, pageSize: number = INBOX_PAGE_SIZE) {
    this.#db = db;
    this.#filter = { ...filter };
    this.#pageSize = pageSize;
    void this.refresh();
  }

  get messages(): MessageRecord[] {
    return this.#messages;
  }

  get loading(): boolean {
    return this.#loading;
  }

  get hasMore(): boolean {
    return this.#hasMore;
  }

  get filter(): InboxFilter {
    return { ...this.#filter };
  }

  /** Appends the next page after the last message shown; does nothing while a load runs or at the end. */
  async loadMore(): Promise<void> {
    if (this.#loading || !this.#hasMore) return;
    const last = this.#messages.at(-1);
    await this.#load(this.#pageSize, (page) => [...this.#messages, ...page], last);
  }

  /**
   * Reads again from the newest message, as many as are shown now (at least a page), so a
   * refresh after a sync or a delete keeps the reader's place in a long list.
   */
  async refresh(): Promise<void> {
    const limit = Math.max(this.#pageSize, this.#messages.length);
    await this.#load(limit, (page) => page, undefined);
  }

  /**
   * Refreshes only if the batch can change what is shown: a row it holds, or a new row that
   * sorts among or above them. A sync of 2,000 messages commits its later bodies in batches
   * far below the shown rows, and re-reading and re-rendering 200 rows for each of them cost
   * the UI thread most of a core on loopback. Rows further down are read when loadMore reaches them.
   */
  async refreshFor(batch: StoredBatch): Promise<void> {
    if (this.#affectedBy(batch)) await this.refresh();
  }

  #affectedBy({ accountId, uids, newestDate }: StoredBatch): boolean {
    if (this.#filter.accountId !== null && this.#filter.accountId !== accountId) return false;
    const last = this.#messages.at(-1);
    // With every row loaded (or none yet), a new one shows wherever it sorts.
    if (last === undefined || !this.#hasMore || newestDate >= last.date) return true;
    const stored = new Set(uids);
    return this.#messages.some((m) => m.accountId === accountId && stored.has(m.uid));
  }

  setFilter(filter: InboxFilter): Promise<void> {
    this.#filter = { ...filter };
    this.#messages = [];
    this.#hasMore = true;
    return this.refresh();
  }

  async #load(limit: number, merge: (page: MessageRecord[]) => MessageRecord[], before: MessageRecord | undefined): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    try {
      const accountId = this.#filter.accountId ?? undefined;
      const page = await listMessages(this.#db, { limit, ...(accountId === undefined ? {} : { accountId }), ...(before === undefined ? {} : { before }) });
      if (generation !== this.#generation) return;
      this.#messages = merge(page);
      this.#hasMore = page.length === limit;
    } finally {
      if (generation === this.#generation) this.#loading = false;
    }
  }
}
