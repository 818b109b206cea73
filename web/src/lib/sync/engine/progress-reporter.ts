import type { FromSyncWorker, SyncPhase, SyncProgress } from '../sync-messages.ts';

type WithoutRequestId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
/** What runSync reports while it runs: the worker adds the requestId and posts it. */
export type SyncUpdate = WithoutRequestId<Extract<FromSyncWorker, { type: 'progress' | 'stored' }>>;

/**
 * At most one progress update per PROGRESS_INTERVAL_MS while messages stream in (plus every
 * phase change and the last message of a phase): the worker posts each one to the page, and
 * 4,000 posts for a 2,000-message sync would only cost the UI thread re-renders.
 */
const PROGRESS_INTERVAL_MS = 100;

export class ProgressReporter {
  readonly #accountId: string;
  readonly #onUpdate: (update: SyncUpdate) => void;
  readonly #now: () => number;
  #progress: SyncProgress;
  #lastEmit = Number.NEGATIVE_INFINITY;

  constructor(accountId: string, onUpdate: (update: SyncUpdate) => void, now: () => number) {
    this.#accountId = accountId;
    this.#onUpdate = onUpdate;
    this.#now = now;
    this.#progress = { accountId, phase: 'connecting', messagesDone: 0, messagesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  }

  phase(phase: SyncPhase, messagesTotal: number, bytesTotal: number): void {
    this.#progress = { accountId: this.#accountId, phase, messagesDone: 0, messagesTotal, bytesDone: 0, bytesTotal };
    this.#emit();
  }

  advance(messages: number, bytes: number): void {
    this.#progress = { ...this.#progress, messagesDone: this.#progress.messagesDone + messages, bytesDone: this.#progress.bytesDone + bytes };
    if (this.#progress.messagesDone >= this.#progress.messagesTotal || this.#now() - this.#lastEmit >= PROGRESS_INTERVAL_MS) this.#emit();
  }

  #emit(): void {
    this.#lastEmit = this.#now();
    this.#onUpdate({ type: 'progress', progress: this.#progress });
  }
}
