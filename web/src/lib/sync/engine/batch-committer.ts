// Groups downloaded messages into strict transactions: a flush every `maxMessages`, every
// `maxBytes` or `maxDelayMs` after the first message waiting, whichever comes first. At most
// one transaction is in flight while the next batch fills, so the download keeps going during
// a disk flush, and memory stays near 2 × maxBytes.
//
// DESIGN.md invariant 2: `onCommitted` (which reports 'stored') runs only after a batch's transaction
// completed; a failed batch stores none of its messages and fails every later add().
import { commitMessages, type CommittedBatch, type MessageCommit, type SatchelDatabase } from '../../storage/index.ts';

export interface BatchLimits {
  /** @default 64 */
  maxMessages?: number;
  /** @default 8 MiB */
  maxBytes?: number;
  /** @default 500 */
  maxDelayMs?: number;
}

export class BatchCommitter {
  readonly #db: SatchelDatabase;
  readonly #onCommitted: (batch: MessageCommit[], committed: CommittedBatch) => void;
  readonly #maxMessages: number;
  readonly #maxBytes: number;
  readonly #maxDelayMs: number;
  #pending: MessageCommit[] = [];
  #pendingBytes = 0;
  #inFlight: Promise<void> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failure: { error: unknown } | null = null;

  constructor(db: SatchelDatabase, onCommitted: (batch: MessageCommit[], committed: CommittedBatch) => void, limits: BatchLimits = {}) {
    this.#db = db;
    this.#onCommitted = onCommitted;
    this.#maxMessages = limits.maxMessages ?? 64;
    this.#maxBytes = limits.maxBytes ?? 8 * 1024 * 1024;
    this.#maxDelayMs = limits.maxDelayMs ?? 500;
  }

  /** Queues a message; resolves once it is queued (waiting only if the previous batch is still being written). */
  async add(commit: MessageCommit): Promise<void> {
    this.#throwIfFailed();
    this.#pending.push(commit);
    this.#pendingBytes += commit.raw instanceof Uint8Array ? commit.raw.byteLength : commit.raw.size;
    if (this.#pending.length >= this.#maxMessages || this.#pendingBytes >= this.#maxBytes) {
      await this.#flush();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.#flush().catch(() => undefined), this.#maxDelayMs);
    }
  }

  /**
   * Starts writing what is queued now, without waiting for the time or size bound; resolves
   * once it is started (waiting only for the batch before it), not once it is committed.
   */
  async flush(): Promise<void> {
    await this.#flush();
    this.#throwIfFailed();
  }

  /** Writes whatever is queued and resolves when every batch is committed; rejects if any failed. */
  async drain(): Promise<void> {
    await this.#flush();
    while (this.#inFlight !== null) await this.#inFlight;
    this.#throwIfFailed();
  }

  /** Drops what is queued and not yet written (a cancelled sync), after the batch in flight settles. */
  async discard(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
    this.#pendingBytes = 0;
    while (this.#inFlight !== null) await this.#inFlight;
  }

  /** Starts writing the queued batch once the previous one is done; does not wait for this one. */
  async #flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#inFlight !== null) await this.#inFlight;
    this.#throwIfFailed();
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    const write: Promise<void> = commitMessages(this.#db, batch).then(
      (committed) => this.#onCommitted(batch, committed),
      (error: unknown) => {
        this.#failure ??= { error };
      },
    ).finally(() => {
      if (this.#inFlight === write) this.#inFlight = null;
    });
    this.#inFlight = write;
  }

  #throwIfFailed(): void {
    if (this.#failure !== null) throw this.#failure.error;
  }
}
