// The list as the workspace shows it: conversations (the latest message of each, with its
// count and participants) while the preference is on, else InboxView's single messages. Both
// are a ListWindow over a row source (the true count, rows read around the viewport), so the
// workspace and the list need not know which it shows.
import { InboxView, RECOUNT_AFTER_MS, type InboxFilter, type StoredBatch } from '../inbox/inbox-view.svelte.ts';
import { ListWindow } from '../inbox/list-window.svelte.ts';
import type { RowSource } from '../inbox/row-source.ts';
import type { MessageRecord, SatchelDatabase, ThreadRecord } from '../storage/index.ts';
import type { ConversationPreference } from './conversation-preference.svelte.ts';
import { ThreadRowSource } from './thread-row-source.ts';

const keyOf = (m: { accountId: string; uid: string }): string => `${m.accountId}\u0000${m.uid}`;

export class ConversationView {
  readonly #db: SatchelDatabase;
  readonly #preference: ConversationPreference;
  readonly #recountAfterMs: number;
  #filter: InboxFilter;
  /** Made only while single messages are shown, so a start with conversations reads no messages. */
  #inbox = $state.raw<InboxView | null>(null);
  #threads = $state.raw<ListWindow<MessageRecord> | null>(null);
  /** The conversation of each latest message read so far. */
  readonly #byLatest = new Map<string, ThreadRecord>();

  constructor(db: SatchelDatabase, filter: InboxFilter, preference: ConversationPreference, { recountAfterMs = RECOUNT_AFTER_MS }: { recountAfterMs?: number } = {}) {
    this.#db = db;
    this.#recountAfterMs = recountAfterMs;
    this.#filter = { ...filter };
    this.#preference = preference;
    preference.onChange(() => void this.refresh());
    void this.refresh();
  }

  /** The rows' messages: each conversation's latest, or every message. */
  get rows(): ListWindow<MessageRecord> {
    // The constructor's refresh() made one of the two.
    return this.#inbox?.rows ?? this.#threads ?? ListWindow.of<MessageRecord>([]);
  }

  get loading(): boolean {
    return !this.rows.counted;
  }

  /** The message if its row is in memory (it is whenever it is on screen). */
  find(accountId: string, uid: string): MessageRecord | undefined {
    const index = this.rows.findIndex((m) => m.accountId === accountId && m.uid === uid);
    return index < 0 ? undefined : this.rows.rowAt(index);
  }

  /** The conversation a row stands for, when it stands for one of more than one message. */
  conversationOf = (message: MessageRecord): ThreadRecord | undefined => {
    const row = this.#inbox === null ? this.#byLatest.get(keyOf(message)) : undefined;
    return row !== undefined && row.count > 1 ? row : undefined;
  };

  refresh(): Promise<void> {
    if (!this.#preference.enabled) {
      this.#threads = null;
      if (this.#inbox === null) this.#inbox = new InboxView(this.#db, this.#filter);
      return this.#inbox.refresh();
    }
    this.#inbox = null;
    return (this.#threads ?? this.#threadWindow()).refresh();
  }

  /**
   * As InboxView.refreshFor: the rows in view are read again when the batch reaches one of
   * their conversations or sorts among them, else only the count, within a second. A first
   * sync of thousands commits hundreds of batches, nearly all below the rows in view.
   */
  refreshFor(batch: StoredBatch): Promise<void> {
    if (this.#inbox !== null) return this.#inbox.refreshFor(batch);
    if (this.#filter.accountId !== null && this.#filter.accountId !== batch.accountId) return Promise.resolve();
    const threads = this.#threads;
    if (threads === null || this.#movesRowsInView(threads, batch)) return this.refresh();
    return threads.recountSoon(this.#recountAfterMs);
  }

  #movesRowsInView(threads: ListWindow<MessageRecord>, { accountId, newestDate, threadKeys }: StoredBatch): boolean {
    if (threadKeys === undefined) return true;
    const shown = threads.shown();
    const last = shown.at(-1);
    if (last === undefined || newestDate >= last.date) return true;
    const touched = new Set(threadKeys);
    return shown.some((m) => {
      const threadKey = this.#byLatest.get(keyOf(m))?.threadKey;
      return threadKey === undefined || (m.accountId === accountId && touched.has(threadKey));
    });
  }

  setFilter(filter: InboxFilter): Promise<void> {
    if (filter.accountId === this.#filter.accountId) return Promise.resolve();
    this.#filter = { ...filter };
    if (this.#inbox !== null) return this.#inbox.setFilter(filter);
    return (this.#threads ?? this.#threadWindow()).setSource(this.#threadSource());
  }

  #threadWindow(): ListWindow<MessageRecord> {
    const window = new ListWindow(this.#threadSource());
    this.#threads = window;
    return window;
  }

  #threadSource(): RowSource<MessageRecord> {
    const threads = new ThreadRowSource(this.#db, this.#filter.accountId);
    return {
      count: () => threads.count(),
      rows: async (start, end) => {
        const rows = await threads.rows(start, end);
        for (const row of rows) this.#byLatest.set(keyOf(row.latest), row);
        return rows.map((row) => row.latest);
      },
    };
  }
}
