/**
 * All resumable sessions' retained bytes together, against limits.resumeBufferTotalBytes.
 * Without it, the worst case is maxConnections × resumeBufferBytes (2 GiB with the defaults)
 * for browsers that simply never ack. With it, a session may only fill past
 * RETAINED_FLOOR_BYTES while the total has room, so memory stays under
 * resumeBufferTotalBytes + maxConnections × RETAINED_FLOOR_BYTES, and every session can still
 * make progress (its own acks bring it back under the floor).
 */
export const RETAINED_FLOOR_BYTES = 256 * 1024;

export class RetainedBudget {
  readonly #limit: number;
  #total = 0;

  /** @param limit limits.resumeBufferTotalBytes (default 268435456) */
  constructor(limit: number) {
    this.#limit = limit;
  }

  get total(): number {
    return this.#total;
  }

  add(bytes: number): void {
    this.#total += bytes;
  }

  release(bytes: number): void {
    this.#total = Math.max(0, this.#total - bytes);
  }

  /** Whether a session holding `retained` bytes must stop reading its server for now. */
  mustPause(retained: number, perSessionLimit: number): boolean {
    if (retained >= perSessionLimit) return true;
    return this.#total >= this.#limit && retained >= RETAINED_FLOOR_BYTES;
  }
}
