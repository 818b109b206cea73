/** How long one IP's count of failed resumes lasts. */
const WINDOW_MS = 60_000;
/** Above this many tracked IPs, expired entries are swept, so a scan from many IPs cannot grow the map without end. */
const SWEEP_ABOVE = 10_000;

/**
 * Counts failed resume attempts (unknown session, wrong token) per client IP in a fixed
 * one-minute window. Over the limit, every resume from that IP is refused until the window
 * ends, so guessing a 256-bit token stays hopeless and probing session ids stays slow.
 */
export class ResumeFailureLimiter {
  readonly #max: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { since: number; failures: number }>();

  /**
   * @param maxPerMinute limits.maxResumeFailuresPerIp (default 10)
   * @param now clock, injectable for tests
   */
  constructor(maxPerMinute: number, now: () => number = Date.now) {
    this.#max = maxPerMinute;
    this.#now = now;
  }

  /** Whether `ip` may try a resume now. */
  allows(ip: string): boolean {
    const entry = this.#current(ip);
    return entry === undefined || entry.failures < this.#max;
  }

  recordFailure(ip: string): void {
    const entry = this.#current(ip);
    if (entry) entry.failures++;
    else {
      if (this.#windows.size >= SWEEP_ABOVE) this.#sweep();
      this.#windows.set(ip, { since: this.#now(), failures: 1 });
    }
  }

  #current(ip: string): { since: number; failures: number } | undefined {
    const entry = this.#windows.get(ip);
    if (entry && this.#now() - entry.since >= WINDOW_MS) {
      this.#windows.delete(ip);
      return undefined;
    }
    return entry;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [ip, entry] of this.#windows) if (now - entry.since >= WINDOW_MS) this.#windows.delete(ip);
  }
}
