// Lets several messages' metadata be parsed at once while they are still stored in the order
// they arrived. postal-mime's parse waits on the event loop many times per message (Blob
// reads, one await per line); one at a time, each of those waits stalls the download behind
// it. Bounded by count and bytes, so memory stays near maxBytes.

export class OrderedWork<T> {
  readonly #maxCount: number;
  readonly #maxBytes: number;
  readonly #consume: (value: T) => Promise<void>;
  readonly #pending: Array<{ work: Promise<T>; bytes: number }> = [];
  #bytes = 0;

  constructor(limits: { maxCount: number; maxBytes: number }, consume: (value: T) => Promise<void>) {
    this.#maxCount = limits.maxCount;
    this.#maxBytes = limits.maxBytes;
    this.#consume = consume;
  }

  /** Queues work already started; hands on the oldest results while over a bound. */
  async push(work: Promise<T>, bytes: number): Promise<void> {
    // Awaited later, in order; until then a rejection must not count as unhandled.
    work.catch(() => undefined);
    this.#pending.push({ work, bytes });
    this.#bytes += bytes;
    while (this.#pending.length > this.#maxCount || (this.#bytes > this.#maxBytes && this.#pending.length > 0)) await this.#takeOldest();
  }

  /** Hands on every queued result, in order. */
  async drain(): Promise<void> {
    while (this.#pending.length > 0) await this.#takeOldest();
  }

  async #takeOldest(): Promise<void> {
    const head = this.#pending.shift()!;
    this.#bytes -= head.bytes;
    await this.#consume(await head.work);
  }
}
