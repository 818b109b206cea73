// Lets several messages' metadata be parsed at once while they are still stored in the order
// they arrived. postal-mime's parse waits on the event loop many times per message (Blob
// reads, one await per line); one at a time, each of those waits stalls the download behind
// it. Bounded by count and bytes, so memory stays near maxBytes.
//
// Each result is handed on as soon as it and every one before it are done, not when a bound
// forces it: held until a bound, a slow link's bodies (under 64 messages and 8 MiB) were all
// committed only at the end of the download, so the progress bar sat at 0 for its whole
// length (DESIGN.md, "Visible progress") and a killed browser lost every body it had
// received (e2e spec 13, the kill matrix).

interface Queued<T> {
  work: Promise<T>;
  bytes: number;
  /** Settles once this result was handed on (or the hand-on of it or of one before it failed). */
  handedOn: Promise<void>;
}

export class OrderedWork<T> {
  readonly #maxCount: number;
  readonly #maxBytes: number;
  readonly #consume: (value: T) => Promise<void>;
  readonly #pending: Array<Queued<T>> = [];
  #bytes = 0;
  /** The hand-on of the newest result; each hand-on starts when the one before it ends. */
  #last: Promise<void> = Promise.resolve();
  /** The first hand-on that failed: every later push throws it at once, as a hand-on in push did. */
  #failure: { error: unknown } | null = null;

  constructor(limits: { maxCount: number; maxBytes: number }, consume: (value: T) => Promise<void>) {
    this.#maxCount = limits.maxCount;
    this.#maxBytes = limits.maxBytes;
    this.#consume = consume;
  }

  /** Queues work already started; waits while the results not yet handed on exceed a bound. */
  async push(work: Promise<T>, bytes: number): Promise<void> {
    // Awaited later, in order; until then a rejection must not count as unhandled.
    work.catch(() => undefined);
    if (this.#failure !== null) throw this.#failure.error;
    const queued: Queued<T> = { work, bytes, handedOn: Promise.resolve() };
    queued.handedOn = this.#last.then(() => this.#handOn(queued));
    // A failure surfaces from push (when it waits) or from drain, in its turn.
    queued.handedOn.catch((error: unknown) => {
      this.#failure ??= { error };
    });
    this.#last = queued.handedOn;
    this.#pending.push(queued);
    this.#bytes += bytes;
    while (this.#pending.length > this.#maxCount || (this.#bytes > this.#maxBytes && this.#pending.length > 0)) await this.#pending[0]!.handedOn;
  }

  /** Resolves once every queued result is handed on; rejects with the first failure. */
  async drain(): Promise<void> {
    await this.#last;
  }

  async #handOn(queued: Queued<T>): Promise<void> {
    // In order, so the one handed on is always the oldest still queued.
    this.#pending.shift();
    this.#bytes -= queued.bytes;
    await this.#consume(await queued.work);
  }
}
