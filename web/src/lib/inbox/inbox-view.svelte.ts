// The inbox as the list shows it: the stored messages of one account or all, newest first,
// as a ListWindow (the true count from the start, rows read around the viewport).
import type { MessageRecord, SatchelDatabase } from '../storage/index.ts';
import { inboxRowSource } from './inbox-row-source.ts';
import { ListWindow } from './list-window.svelte.ts';
import { rememberedTotal, type RememberedTotal } from './remembered-total.ts';

export interface InboxFilter {
  /** null = the unified inbox of every account. */
  accountId: string | null;
}

/** Messages just committed to one account, and the latest date among them. */
export interface StoredBatch {
  accountId: string;
  uids: readonly string[];
  newestDate: number;
  /** The conversations whose rows the batch rewrote; absent when not known. */
  threadKeys?: readonly string[];
}

/**
 * A batch stored below the rows in view changes only the count, and a sync of thousands
 * commits dozens of such batches: they are counted again at most this often, not each time.
 * A count of 10,000 index entries takes tens to hundreds of ms in the IndexedDB backend, and
 * a read there waits for the sync's next commit to wait for it.
 */
export const RECOUNT_AFTER_MS = 1_000;

export interface InboxViewOptions {
  /** Keeps each view's count for the next cold start; localStorage unless told otherwise. */
  remembered?: (accountId: string | null) => RememberedTotal;
  recountAfterMs?: number;
}

export class InboxView {
  readonly #db: SatchelDatabase;
  readonly #remembered: (accountId: string | null) => RememberedTotal;
  readonly #recountAfterMs: number;
  #filter: InboxFilter;
  readonly rows: ListWindow<MessageRecord>;

  /** Starts reading at once; await refresh() to wait for it. */
  constructor(db: SatchelDatabase, filter: InboxFilter, { remembered = rememberedTotal, recountAfterMs = RECOUNT_AFTER_MS }: InboxViewOptions = {}) {
    this.#db = db;
    this.#remembered = remembered;
    this.#recountAfterMs = recountAfterMs;
    this.#filter = { ...filter };
    const total = remembered(filter.accountId);
    this.rows = new ListWindow(inboxRowSource(db, filter.accountId), { expectedTotal: total.get(), onCount: (n) => this.#remembered(this.#filter.accountId).set(n) });
    void this.refresh();
  }

  get filter(): InboxFilter {
    return { ...this.#filter };
  }

  /** True until the inbox has been counted once. */
  get loading(): boolean {
    return !this.rows.counted;
  }

  /** The message if its row is in memory (it is whenever it is on screen). */
  find(accountId: string, uid: string): MessageRecord | undefined {
    const index = this.rows.findIndex((m) => m.accountId === accountId && m.uid === uid);
    return index < 0 ? undefined : this.rows.rowAt(index);
  }

  /** Counts again and reads the rows in view again: after a delete, a flag change, a finished sync. */
  refresh(): Promise<void> {
    return this.rows.refresh();
  }

  /**
   * After the sync committed a batch. If it can move or change the rows in view (a row it
   * holds, or a new row that sorts among or above them), they are read again now; otherwise
   * only the count changes, and that is counted again within RECOUNT_AFTER_MS, once for all
   * the batches in between. A sync of 2,000 messages commits most of its batches far below
   * the rows on screen; a finished sync refreshes in full.
   */
  refreshFor(batch: StoredBatch): Promise<void> {
    if (this.#filter.accountId !== null && this.#filter.accountId !== batch.accountId) return Promise.resolve();
    return this.#movesRowsInView(batch) ? this.rows.refresh() : this.rows.recountSoon(this.#recountAfterMs);
  }

  #movesRowsInView({ accountId, uids, newestDate }: StoredBatch): boolean {
    const shown = this.rows.shown();
    const last = shown.at(-1);
    if (last === undefined || newestDate >= last.date) return true;
    const stored = new Set(uids);
    return shown.some((m) => m.accountId === accountId && stored.has(m.uid));
  }

  /** Shows another account (or all); the same filter again changes nothing. */
  setFilter(filter: InboxFilter): Promise<void> {
    if (filter.accountId === this.#filter.accountId) return Promise.resolve();
    this.#filter = { ...filter };
    return this.rows.setSource(inboxRowSource(this.#db, filter.accountId), this.#remembered(filter.accountId).get());
  }
}
