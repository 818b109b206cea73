import { limitKey } from './client-address.ts';

/** How long one IP's count of failed resumes lasts. */
const WINDOW_MS = 60_000;
/** Addresses tracked at most; past it the oldest window is dropped, so a scan from many addresses costs bounded memory. */
const DEFAULT_MAX_TRACKED = 10_000;

/**
 * Counts failed resume attempts (unknown session, wrong token) per client IP (an IPv6 client
 * by its /64) in a fixed one-minute window. Over the limit, every resume from that IP is
 * refused until the window ends, so guessing a 256-bit token stays hopeless and probing
 * session ids stays slow.
 *
 * A Map keeps insertion order, and a window is inserted when it starts, so the oldest window
 * is always first: expiry looks only at the front, and each event costs O(1) amortized.
 */
export class ResumeFailureLimiter {
  readonly #max: number;
  readonly #maxTracked: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { since: number; failures: number }>();

  /**
   * @param maxPerMinute limits.maxResumeFailuresPerIp (default 10)
   * @param now clock, injectable for tests
   * @param maxTracked addresses tracked at most (default 10,000)
   */
  constructor(maxPerMinute: number, now: () => number = Date.now, maxTracked = DEFAULT_MAX_TRACKED) {
    this.#max = maxPerMinute;
    this.#now = now;
    this.#maxTracked = maxTracked;
  }

  /** How many addresses have a window open now (for tests and memory figures). */
  get tracked(): number {
    return this.#windows.size;
  }

  /** Whether `ip` may try a resume now. */
  allows(ip: string): boolean {
    this.#expire();
    const entry = this.#windows.get(limitKey(ip));
    return entry === undefined || entry.failures < this.#max;
  }

  recordFailure(ip: string): void {
    this.#expire();
    const key = limitKey(ip);
    const entry = this.#windows.get(key);
    if (entry) {
      entry.failures++;
      return;
    }
    if (this.#windows.size >= this.#maxTracked) this.#windows.delete(this.#windows.keys().next().value!);
    this.#windows.set(key, { since: this.#now(), failures: 1 });
  }

  #expire(): void {
    const now = this.#now();
    for (const [key, entry] of this.#windows) {
      if (now - entry.since < WINDOW_MS) return;
      this.#windows.delete(key);
    }
  }
}
