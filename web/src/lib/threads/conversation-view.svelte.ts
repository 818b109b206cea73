// The list as the workspace shows it: conversations (the latest message of each, with its
// count and participants) while the preference is on, else InboxView's single messages. It
// answers as InboxView does, so the workspace and the list need not know which it shows.
import { InboxView, type InboxFilter, type StoredBatch } from '../inbox/inbox-view.svelte.ts';
import type { MessageRecord, SatchelDatabase, ThreadRecord } from '../storage/index.ts';
import type { ConversationPreference } from './conversation-preference.svelte.ts';
import { ThreadRowSource } from './thread-row-source.ts';

const PAGE_SIZE = 200;
const keyOf = (m: { accountId: string; uid: string }): string => `${m.accountId}\u0000${m.uid}`;

export class ConversationView {
  readonly #db: SatchelDatabase;
  readonly #preference: ConversationPreference;
  #filter: InboxFilter;
  /** Made only while single messages are shown, so a start with conversations reads no messages. */
  #inbox = $state.raw<InboxView | null>(null);
  #rows = $state.raw<ThreadRecord[]>([]);
  #messages = $state.raw<MessageRecord[]>([]);
  #byLatest = new Map<string, ThreadRecord>();
  #loading = $state(false);
  #hasMore = $state(true);
  #generation = 0;

  constructor(db: SatchelDatabase, filter: InboxFilter, preference: ConversationPreference) {
    this.#db = db;
    this.#filter = { ...filter };
    this.#preference = preference;
    preference.onChange(() => void this.refresh());
    void this.refresh();
  }

  /** The rows' messages: each conversation's latest, or every message. */
  get messages(): MessageRecord[] {
    return this.#inbox?.messages ?? this.#messages;
  }

  get loading(): boolean {
    return this.#inbox?.loading ?? this.#loading;
  }

  get hasMore(): boolean {
    return this.#inbox?.hasMore ?? this.#hasMore;
  }

  /** The conversation a row stands for, when it stands for one of more than one message. */
  conversationOf = (message: MessageRecord): ThreadRecord | undefined => {
    const row = this.#inbox === null ? this.#byLatest.get(keyOf(message)) : undefined;
    return row !== undefined && row.count > 1 ? row : undefined;
  };

  async loadMore(): Promise<void> {
    if (this.#inbox !== null) return this.#inbox.loadMore();
    if (this.#loading || !this.#hasMore) return;
    const start = this.#rows.length;
    await this.#load(start, start + PAGE_SIZE);
  }

  async refresh(): Promise<void> {
    if (!this.#preference.enabled) {
      if (this.#inbox === null) this.#inbox = new InboxView(this.#db, this.#filter);
      return this.#inbox.refresh();
    }
    this.#inbox = null;
    await this.#load(0, Math.max(PAGE_SIZE, this.#rows.length));
  }

  /** As InboxView.refreshFor: re-reads only if the batch can reach the rows shown. */
  async refreshFor(batch: StoredBatch): Promise<void> {
    if (this.#inbox !== null) return this.#inbox.refreshFor(batch);
    if (this.#filter.accountId !== null && this.#filter.accountId !== batch.accountId) return;
    const last = this.#rows.at(-1);
    const stored = new Set(batch.uids);
    const shown = this.#rows.some((r) => r.accountId === batch.accountId && stored.has(r.latest.uid));
    if (last === undefined || !this.#hasMore || batch.newestDate >= last.latestDate || shown) await this.refresh();
  }

  setFilter(filter: InboxFilter): Promise<void> {
    this.#filter = { ...filter };
    if (this.#inbox !== null) return this.#inbox.setFilter(filter);
    this.#rows = [];
    this.#messages = [];
    this.#hasMore = true;
    return this.refresh();
  }

  async #load(start: number, end: number): Promise<void> {
    const generation = ++this.#generation;
    this.#loading = true;
    try {
      const source = new ThreadRowSource(this.#db, this.#filter.accountId);
      const [page, total] = await Promise.all([source.rows(start, end), source.count()]);
      if (generation !== this.#generation || this.#inbox !== null) return;
      const rows = start === 0 ? page : [...this.#rows, ...page];
      this.#rows = rows;
      this.#byLatest = new Map(rows.map((r) => [keyOf(r.latest), r]));
      this.#messages = rows.map((r) => r.latest);
      this.#hasMore = rows.length < total;
    } finally {
      if (generation === this.#generation) this.#loading = false;
    }
  }
}
