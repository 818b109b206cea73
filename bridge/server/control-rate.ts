/**
 * Counts a browser's control messages (acks, pings, pongs) in one-second windows. Each one
 * costs the bridge a parse and maybe an answer, and none of them is POP3 traffic, so a
 * client sending them as fast as it can is flooding, not syncing: the app acks about every
 * 100 ms and every MiB, tens per second at loopback speed.
 */
export class ControlRate {
  readonly #maxPerSecond: number;
  readonly #now: () => number;
  #windowStart = 0;
  #count = 0;

  /**
   * @param maxPerSecond limits.maxControlMessagesPerSecond (default 500)
   * @param now clock, injectable for tests
   */
  constructor(maxPerSecond: number, now: () => number = Date.now) {
    this.#maxPerSecond = maxPerSecond;
    this.#now = now;
  }

  /** Counts one message; false once this window holds more than the limit. */
  count(): boolean {
    const now = this.#now();
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#count++;
    return this.#count <= this.#maxPerSecond;
  }
}
