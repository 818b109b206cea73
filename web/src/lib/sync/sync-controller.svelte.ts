// The UI's handle on the sync Worker: starts and cancels syncs, and exposes their state as
// runes for components to read. The worker is created on the first sync, so merely loading
// the app (or a test) starts no thread.
import type { SearchQuery } from '../search/query-parser.ts';
import type { AccountRecord, MessageRecord } from '../storage/index.ts';
import type { FromSyncWorker, StoredMessages, SyncProgress, SyncSettings, SyncSummary, ToSyncWorker } from './sync-messages.ts';

/** How a failed sync reaches the caller: data with a stable code, never a thrown string. */
export interface SyncError {
  accountId: string;
  code: string;
  message: string;
}

export type StoredListener = (stored: StoredMessages) => void;

export interface SyncControllerOptions {
  /** @default a module Worker running sync-worker.ts */
  createWorker?: () => Worker;
}

interface PendingSync {
  accountId: string;
  promise: Promise<SyncSummary>;
  resolve: (summary: SyncSummary) => void;
  reject: (error: SyncError) => void;
}

/** What a search in the Worker answers: the records of its hits, newest first. */
export interface SearchAnswer {
  /** Newest first, checked against storage by the Worker, without their bytes. */
  records: MessageRecord[];
  complete: boolean;
  indexing: number;
}

/** A failed search, as data with a stable SEARCH_ERR_* code. */
interface SearchFailure {
  code: string;
  message: string;
}

interface PendingSearch {
  resolve: (answer: SearchAnswer) => void;
  reject: (failure: SearchFailure) => void;
}

const defaultWorker = (): Worker => new Worker(new URL('./engine/sync-worker.ts', import.meta.url), { type: 'module' });

export class SyncController {
  readonly #createWorker: () => Worker;
  #worker: Worker | null = null;
  readonly #pending = new Map<string, PendingSync>();
  readonly #listeners = new Set<StoredListener>();
  readonly #searches = new Map<string, PendingSearch>();
  #nextId = 0;

  #running = $state(false);
  #progress = $state<SyncProgress | null>(null);
  #lastSummary = $state<SyncSummary | null>(null);
  #lastError = $state<SyncError | null>(null);

  constructor(options: SyncControllerOptions = {}) {
    this.#createWorker = options.createWorker ?? defaultWorker;
  }

  get running(): boolean {
    return this.#running;
  }

  get progress(): SyncProgress | null {
    return this.#progress;
  }

  get lastSummary(): SyncSummary | null {
    return this.#lastSummary;
  }

  get lastError(): SyncError | null {
    return this.#lastError;
  }

  /**
   * Syncs one account; a second call while that account syncs returns the same promise.
   * Rejects with a SyncError. The password goes to the worker in this one message only.
   */
  sync(account: AccountRecord, password: string, settings: SyncSettings): Promise<SyncSummary> {
    for (const pending of this.#pending.values()) if (pending.accountId === account.id) return pending.promise;
    const requestId = `sync-${++this.#nextId}-${Date.now().toString(36)}`;
    let resolve!: (summary: SyncSummary) => void;
    let reject!: (error: SyncError) => void;
    const promise = new Promise<SyncSummary>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.#pending.set(requestId, { accountId: account.id, promise, resolve, reject });
    this.#running = true;
    // $state proxies are not cloneable by postMessage: send plain copies.
    this.#post({ type: 'sync', requestId, account: $state.snapshot(account) as AccountRecord, credentials: { password }, settings: $state.snapshot(settings) as SyncSettings });
    return promise;
  }

  /** Asks the worker to stop this account's sync; it then rejects with SYNC_ERR_CANCELLED. */
  cancel(accountId: string): void {
    for (const [requestId, pending] of this.#pending) {
      if (pending.accountId === accountId) this.#post({ type: 'cancel', requestId });
    }
  }

  /**
   * Searches the index the sync Worker keeps (web/src/lib/search), off this thread; starts the
   * Worker if need be. Rejects with a SearchFailure.
   */
  search(query: SearchQuery, limit: number): Promise<SearchAnswer> {
    const requestId = `search-${++this.#nextId}-${Date.now().toString(36)}`;
    return new Promise<SearchAnswer>((resolve, reject) => {
      this.#searches.set(requestId, { resolve, reject });
      this.#post({ type: 'search', requestId, query: $state.snapshot(query) as SearchQuery, limit });
    });
  }

  /** A message deleted here came back (Undo): the search index in the Worker takes it in again. */
  restored(accountId: string, uid: string): void {
    this.#post({ type: 'restored', requestId: `restored-${++this.#nextId}`, accountId, uid });
  }

  /** Called after each committed batch; returns the unsubscribe function. */
  onStored(listener: StoredListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Ends the worker; syncs in flight reject with SYNC_ERR_WORKER (committed mail stays). */
  dispose(): void {
    this.#failAll('SYNC_ERR_WORKER', 'the sync controller was disposed');
  }

  #post(message: ToSyncWorker): void {
    if (this.#worker === null) {
      const worker = this.#createWorker();
      worker.addEventListener('message', (event: MessageEvent<FromSyncWorker>) => this.#receive(event.data));
      // A crashed or unloadable worker must not leave syncs pending forever.
      worker.addEventListener('error', (event: Event) => {
        event.preventDefault();
        this.#failAll('SYNC_ERR_WORKER', 'the sync worker failed');
      });
      this.#worker = worker;
    }
    this.#worker.postMessage(message);
  }

  #receive(message: FromSyncWorker): void {
    if (message.type === 'search-results' || message.type === 'search-failed') {
      const search = this.#searches.get(message.requestId);
      this.#searches.delete(message.requestId);
      if (message.type === 'search-results') search?.resolve({ records: message.records, complete: message.complete, indexing: message.indexing });
      else search?.reject({ code: message.code, message: message.message });
      return;
    }
    const pending = this.#pending.get(message.requestId);
    if (pending === undefined) return;
    switch (message.type) {
      case 'progress':
        this.#progress = message.progress;
        return;
      case 'stored': {
        const { type: _type, requestId: _requestId, ...stored } = message;
        for (const listener of this.#listeners) listener(stored);
        return;
      }
      case 'finished': {
        this.#settle(message.requestId);
        this.#lastSummary = message.summary;
        // Sizes LIST got wrong are recorded on those messages, which are stored all the same.
        this.#lastError = null;
        pending.resolve(message.summary);
        return;
      }
      case 'failed': {
        this.#settle(message.requestId);
        const error: SyncError = { accountId: message.accountId, code: message.code, message: message.message };
        this.#lastError = error;
        pending.reject(error);
        return;
      }
    }
  }

  #settle(requestId: string): void {
    this.#pending.delete(requestId);
    this.#running = this.#pending.size > 0;
    if (!this.#running) this.#progress = null;
  }

  #failAll(code: string, message: string): void {
    this.#worker?.terminate();
    this.#worker = null;
    for (const search of this.#searches.values()) search.reject({ code: 'SEARCH_ERR_INDEX', message });
    this.#searches.clear();
    for (const [requestId, pending] of [...this.#pending]) {
      this.#settle(requestId);
      const error: SyncError = { accountId: pending.accountId, code, message };
      this.#lastError = error;
      pending.reject(error);
    }
  }
}
