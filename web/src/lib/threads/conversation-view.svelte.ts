// The list as the workspace shows it: conversations (the latest message of each, with its
// count and participants) while the preference is on, else InboxView's single messages. Both
// are a ListWindow over a row source (the true count, rows read around the viewport), so the
// workspace and the list need not know which it shows.
import { InboxView, type InboxFilter, type StoredBatch } from '../inbox/inbox-view.svelte.ts';
import { ListWindow } from '../inbox/list-window.svelte.ts';
import type { RowSource } from '../inbox/row-source.ts';
import type { MessageRecord, SatchelDatabase, ThreadRecord } from '../storage/index.ts';
import type { ConversationPreference } from './conversation-preference.svelte.ts';
import { ThreadRowSource } from './thread-row-source.ts';

const keyOf = (m: { accountId: string; uid: string }): string => `${m.accountId}\u0000${m.uid}`;

export class ConversationView {
  readonly #db: SatchelDatabase;
  readonly #preference: ConversationPreference;
  #filter: InboxFilter;
  /** Made only while single messages are shown, so a start with conversations reads no messages. */
  #inbox = $state.raw<InboxView | null>(null);
  #threads = $state.raw<ListWindow<MessageRecord> | null>(null);
  /** The conversation of each latest message read so far. */
  readonly #byLatest = new Map<string, ThreadRecord>();

  constructor(db: SatchelDatabase, filter: InboxFilter, preference: ConversationPreference) {
    this.#db = db;
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

  /** As InboxView.refreshFor; a conversation's row can move with any batch, so its list is read again (refreshes fold into one). */
  refreshFor(batch: StoredBatch): Promise<void> {
    if (this.#inbox !== null) return this.#inbox.refreshFor(batch);
    if (this.#filter.accountId !== null && this.#filter.accountId !== batch.accountId) return Promise.resolve();
    return this.refresh();
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
