// The search index as the sync Worker keeps it (docs/SEARCH.md). It is loaded once from
// IndexedDB and caught up: every stored message the saved table does not hold (or holds in an
// older copy) is indexed, and every one whose record is gone is dropped. That is what a tab
// killed mid-sync leaves to do, and never a rebuild. Then it follows the commits: whole
// messages are indexed in rounds, every `liveIntervalMs` while a sync runs and the rest when it
// ends, so a fast sync is not slowed by indexing on its own thread (reading a message's text
// costs about as much as the sync's own parse of it); header-only ones wait for the sync's end,
// since most get their body moments later and replacing an entry costs a FlexSearch remove. It is
// saved every `saveEvery` messages, at the end of each sync and when idle. Every change runs
// in one queue, so a save always sees the table and the index in step.
import type { MessageRecord, RawMessage, SatchelDatabase } from '../storage/index.ts';
import { turnIsDue, yieldTurn } from '../platform/worker-turns.ts';
import { SearchError } from './error-codes.ts';
import { IndexTable, keyString, type MessageKey } from './index-table.ts';
import { loadSavedIndex, saveIndex } from './index-store.ts';
import { MessageIndex } from './message-index.ts';
import { bodyText, indexedFields } from './message-text.ts';
import type { SearchQuery } from './query-parser.ts';
import { runSearch } from './run-search.ts';

export interface SearchIndexerOptions {
  /** Save after this many messages indexed since the last save. @default 2,000 */
  saveEvery?: number;
  /** Save this long after the last change, if nothing else saved it. @default 5,000 */
  saveDelayMs?: number;
  /** Pause between two idle removals of index entries. @default 50 */
  removeDelayMs?: number;
  /** While a sync runs, committed whole messages are indexed this often; the rest when it ends. @default 10,000 */
  liveIntervalMs?: number;
}

export interface SearchResults {
  /** Newest first, as the list shows them: checked against storage just now, without their bytes. */
  records: MessageRecord[];
  complete: boolean;
  /** Stored messages still waiting to be indexed (a first start's catch-up): more may match. */
  indexing: number;
}

/** Keys read per IndexedDB transaction while indexing: bounds the bytes held at once. */
const READ_BATCH = 64;

export class SearchIndexer {
  readonly #openDb: () => Promise<SatchelDatabase>;
  readonly #saveEvery: number;
  readonly #saveDelayMs: number;
  readonly #removeDelayMs: number;
  readonly #liveIntervalMs: number;
  #index = MessageIndex.empty();
  #table = new IndexTable();
  #removals: number[] = [];
  #unsaved = 0;
  /** Keys queued for indexing and not indexed yet. */
  #queued = 0;
  /** Runs of #queueIndexing not finished yet. */
  readonly #runs = new Set<Promise<void>>();
  #queue: Promise<unknown> = Promise.resolve();
  #ready: Promise<void> | null = null;
  readonly #waitingHeaders = new Map<string, Map<string, MessageKey>>();
  readonly #waitingWhole = new Map<string, Map<string, MessageKey>>();
  #roundTimer: ReturnType<typeof setTimeout> | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #removeTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  /** openDb: called for each piece of work, so a database that failed to open is tried again. */
  constructor(openDb: () => Promise<SatchelDatabase>, options: SearchIndexerOptions = {}) {
    this.#openDb = openDb;
    this.#saveEvery = options.saveEvery ?? 2_000;
    this.#saveDelayMs = options.saveDelayMs ?? 5_000;
    this.#removeDelayMs = options.removeDelayMs ?? 50;
    this.#liveIntervalMs = options.liveIntervalMs ?? 10_000;
  }

  /**
   * Loads the saved index and drops what is gone; once, however often it is called. The
   * messages to catch up with are queued in slices, so searches run between them.
   */
  start(): Promise<void> {
    this.#ready ??= this.#enqueue(() => this.#load()).then(
      (stale) => {
        void this.#queueIndexing(stale)
          .then(() => this.#enqueue(() => this.#save()))
          .catch(() => undefined);
      },
      (error: unknown) => {
        // Storage did not answer: the next call tries again.
        this.#ready = null;
        throw error;
      },
    );
    return this.#ready;
  }

  /** Resolves once every whole message committed so far (and the catch-up) is indexed. */
  async settled(): Promise<void> {
    await this.start();
    await this.#indexRound().catch(() => undefined);
    while (this.#runs.size > 0) await Promise.allSettled([...this.#runs]);
    await this.#queue;
  }

  /** A batch committed (DESIGN.md invariant 2: its transaction completed). */
  committed(accountId: string, uids: readonly string[], state: 'header' | 'complete'): void {
    const headers = waitingFor(this.#waitingHeaders, accountId);
    const whole = waitingFor(this.#waitingWhole, accountId);
    for (const uid of uids) {
      const key: MessageKey = [accountId, uid];
      if (state === 'header') {
        headers.set(keyString(...key), key);
      } else {
        headers.delete(keyString(...key));
        whole.set(keyString(...key), key);
      }
    }
    if (state === 'complete' && this.#roundTimer === undefined && !this.#closed) this.#roundTimer = setTimeout(() => void this.#indexRound().catch(() => undefined), this.#liveIntervalMs);
  }

  /**
   * A message deleted here came back (Undo): index it again. Queued behind what is queued, and
   * ahead of any search asked after this call.
   */
  restored(accountId: string, uid: string): void {
    void this.start()
      .then(() => this.#queueIndexing([[accountId, uid]]))
      .catch(() => undefined);
  }

  /** The account's sync ended: index what it committed and has not been indexed, then save. */
  async syncEnded(accountId: string): Promise<void> {
    const keys = [...(this.#waitingWhole.get(accountId)?.values() ?? []), ...(this.#waitingHeaders.get(accountId)?.values() ?? [])];
    this.#waitingWhole.delete(accountId);
    this.#waitingHeaders.delete(accountId);
    await this.start();
    await this.#queueIndexing(keys);
    await this.#enqueue(() => this.#save());
  }

  async search(query: SearchQuery, limit: number): Promise<SearchResults> {
    return this.#afterStart(async () => {
      const db = await this.#openDb();
      let outcome;
      try {
        outcome = await runSearch(db, this.#index, this.#table, query, limit);
      } catch (error) {
        throw new SearchError('SEARCH_ERR_INDEX', undefined, { cause: error });
      }
      for (const entry of outcome.gone) this.#drop(entry.id, () => this.#table.forget(entry));
      for (const entry of outcome.deleted) this.#drop(entry.id, () => this.#table.markDeleted(entry));
      const waiting = [...this.#waitingWhole.values()].reduce((sum, keys) => sum + keys.size, 0);
      return { records: outcome.records, complete: outcome.complete, indexing: this.#queued + waiting };
    });
  }

  /** Saves now what is not saved yet. */
  flush(): Promise<void> {
    return this.#afterStart(() => this.#save());
  }

  /** Stops timers (tests, and a Worker about to end); pending work still settles. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#roundTimer);
    clearTimeout(this.#saveTimer);
    clearTimeout(this.#removeTimer);
  }

  /** How many FlexSearch entries wait for an idle removal (for tests and the bench). */
  get pendingRemovals(): number {
    return this.#removals.length;
  }

  /** Queues every whole message committed and not indexed yet, of every account. */
  #indexRound(): Promise<void> {
    clearTimeout(this.#roundTimer);
    this.#roundTimer = undefined;
    const keys = [...this.#waitingWhole.values()].flatMap((waiting) => [...waiting.values()]);
    this.#waitingWhole.clear();
    return keys.length === 0 ? Promise.resolve() : this.start().then(() => this.#queueIndexing(keys));
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #afterStart<T>(work: () => Promise<T>): Promise<T> {
    return this.start().then(() => this.#enqueue(work));
  }

  /** Returns the keys to index: new since the save, or held in an older copy. */
  async #load(): Promise<MessageKey[]> {
    const db = await this.#openDb();
    const saved = await loadSavedIndex(db);
    if (saved !== null) {
      try {
        this.#index = await MessageIndex.load(saved.chunks);
        this.#table = new IndexTable(saved.state.entries, saved.state.nextId);
        this.#removals = [...saved.state.removals];
      } catch {
        // A save this FlexSearch cannot read: catch-up indexes the store again, as on a first start.
        this.#index = MessageIndex.empty();
        this.#table = new IndexTable();
        this.#removals = [];
      }
    }
    let keys: MessageKey[];
    try {
      keys = (await db.getAllKeys('messages')) as MessageKey[];
    } catch (error) {
      throw new SearchError('SEARCH_ERR_INDEX', undefined, { cause: error });
    }
    const present = new Set(keys.map((key) => keyString(...key)));
    for (const entry of [...this.#table.entries()]) {
      if (!present.has(keyString(entry.accountId, entry.uid))) this.#drop(entry.id, () => this.#table.forget(entry));
    }
    this.#scheduleRemovals();
    // New since the save, or held as header-only (its body may have come since): read again.
    return keys.filter(([accountId, uid]) => {
      const entry = this.#table.get(accountId, uid);
      return entry === undefined || (entry.state === 'header' && entry.dropped !== true);
    });
  }

  /**
   * Indexes the keys a slice at a time, each slice queued only when the one before is done, so
   * a search asked meanwhile runs between two slices instead of after them all.
   */
  #queueIndexing(keys: readonly MessageKey[]): Promise<void> {
    this.#queued += keys.length;
    const run = new Promise<void>((resolve, reject) => {
      const next = (start: number): void => {
        if (start >= keys.length) return resolve();
        const slice = keys.slice(start, start + READ_BATCH);
        this.#enqueue(() => this.#indexSlice(slice)).then(
          () => {
            this.#queued -= slice.length;
            next(start + READ_BATCH);
          },
          (error: unknown) => {
            this.#queued -= keys.length - start;
            reject(error);
          },
        );
      };
      next(0);
    });
    this.#runs.add(run);
    const forget = (): void => void this.#runs.delete(run);
    run.then(forget, forget);
    return run;
  }

  /** Reads the records (and for those to index, their bytes) and indexes what changed. */
  async #indexSlice(keys: readonly MessageKey[]): Promise<void> {
    const db = await this.#openDb();
    const records = (await readRecords(db, keys)).filter((record): record is MessageRecord => record !== undefined);
    for (const record of records.filter((r) => r.deletedLocally && !this.#table.holds(r))) {
      // A tombstone is never a result; held as dropped, it is not read again at each start.
      const { replaced } = this.#table.put(record, true);
      if (replaced !== null) this.#removals.push(replaced);
      this.#unsaved++;
    }
    const toIndex = records.filter((r) => !r.deletedLocally && !this.#table.holds(r));
    const bytes = await readBytes(db, toIndex);
    for (const [i, record] of toIndex.entries()) {
      const text = await bodyText(bytes[i]);
      const { entry, replaced } = this.#table.put(record);
      try {
        this.#index.add(entry.id, indexedFields(record, text));
      } catch {
        // This message's failure is its own (DESIGN.md invariant 9): it stays out of the
        // table, so the next start tries it again, and the rest of the slice goes on.
        this.#table.forget(entry);
        continue;
      } finally {
        if (replaced !== null) this.#removals.push(replaced);
      }
      this.#unsaved++;
      if (turnIsDue()) await yieldTurn();
    }
    if (this.#unsaved >= this.#saveEvery) await this.#save();
    this.#scheduleSave();
    this.#scheduleRemovals();
  }

  #drop(id: number, change: () => void): void {
    change();
    this.#removals.push(id);
    this.#unsaved++;
    this.#scheduleSave();
    this.#scheduleRemovals();
  }

  async #save(): Promise<void> {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    if (this.#unsaved === 0) return;
    const unsaved = this.#unsaved;
    // Taken before the export, inside the queue: the export gives the thread turns, but no
    // other work on the table or the index runs until it is written, so both describe one index.
    const state = { nextId: this.#table.nextId, entries: [...this.#table.entries()].map((e) => ({ ...e })), removals: [...this.#removals] };
    const chunks = await this.#index.chunks();
    await saveIndex(await this.#openDb(), state, chunks);
    this.#unsaved -= unsaved;
  }

  #scheduleSave(): void {
    if (this.#closed || this.#unsaved === 0 || this.#saveTimer !== undefined) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      void this.#enqueue(() => this.#save()).catch(() => undefined);
    }, this.#saveDelayMs);
  }

  /** One FlexSearch remove at a time, between other work: each walks the whole index. */
  #scheduleRemovals(): void {
    if (this.#closed || this.#removals.length === 0 || this.#removeTimer !== undefined) return;
    this.#removeTimer = setTimeout(() => {
      this.#removeTimer = undefined;
      void this.#enqueue(async () => {
        const id = this.#removals.shift();
        if (id === undefined) return;
        this.#index.remove(id);
        this.#unsaved++;
        this.#scheduleSave();
        this.#scheduleRemovals();
      });
    }, this.#removeDelayMs);
  }
}

function waitingFor(waiting: Map<string, Map<string, MessageKey>>, accountId: string): Map<string, MessageKey> {
  const keys = waiting.get(accountId) ?? new Map<string, MessageKey>();
  waiting.set(accountId, keys);
  return keys;
}

async function readRecords(db: SatchelDatabase, keys: readonly MessageKey[]): Promise<Array<MessageRecord | undefined>> {
  const tx = db.transaction('messages', 'readonly');
  const [records] = await Promise.all([Promise.all(keys.map((key) => tx.store.get(key))), tx.done]);
  return records;
}

/** The bytes to read text from: a whole message's, or a header-only one's TOP output. */
async function readBytes(db: SatchelDatabase, records: readonly MessageRecord[]): Promise<Array<RawMessage | undefined>> {
  if (records.length === 0) return [];
  const tx = db.transaction('message-bodies', 'readonly');
  const [bodies] = await Promise.all([Promise.all(records.map((r) => (r.state === 'header' && r.preview !== undefined ? undefined : tx.store.get([r.accountId, r.uid])))), tx.done]);
  return records.map((r, i) => (r.state === 'header' && r.preview !== undefined ? r.preview : bodies[i]?.raw));
}
