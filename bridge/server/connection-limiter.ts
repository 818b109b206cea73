/** Counts open tunnels, in total and per client IP, against the configured caps. */
export class ConnectionLimiter {
  readonly #max: number;
  readonly #maxPerIp: number;
  readonly #perIp = new Map<string, number>();
  #total = 0;

  /**
   * @param max total open tunnels (limits.maxConnections, default 256)
   * @param maxPerIp open tunnels per IP (limits.maxConnectionsPerIp, default 8)
   */
  constructor(max: number, maxPerIp: number) {
    this.#max = max;
    this.#maxPerIp = maxPerIp;
  }

  get total(): number {
    return this.#total;
  }

  /** Takes a slot for `ip`; false when either cap is reached. `maxForIp` overrides the per-IP cap for this one (a trusted proxy's). */
  tryAcquire(ip: string, maxForIp = this.#maxPerIp): boolean {
    const current = this.#perIp.get(ip) ?? 0;
    if (this.#total >= this.#max || current >= maxForIp) return false;
    this.#perIp.set(ip, current + 1);
    this.#total++;
    return true;
  }

  release(ip: string): void {
    const current = this.#perIp.get(ip) ?? 0;
    if (current <= 0) return;
    if (current === 1) this.#perIp.delete(ip);
    else this.#perIp.set(ip, current - 1);
    this.#total--;
  }
}

/**
 * One tunnel's claim on a ConnectionLimiter slot. A WebSocket takes its slot when it arrives
 * if there is room, and otherwise only when it asks to `open`: a `resume` joins a session
 * that already holds a slot, so a full per-IP cap must not block it (a browser resuming
 * after a drop is exactly who parked sessions are kept for).
 */
export class ConnectionSlot {
  readonly #limiter: ConnectionLimiter;
  readonly #key: string;
  #held = false;

  constructor(limiter: ConnectionLimiter, key: string) {
    this.#limiter = limiter;
    this.#key = key;
  }

  /** Holds the slot if it can; true when held (now or already). */
  tryTake(): boolean {
    if (!this.#held) this.#held = this.#limiter.tryAcquire(this.#key);
    return this.#held;
  }

  release(): void {
    if (!this.#held) return;
    this.#held = false;
    this.#limiter.release(this.#key);
  }
}
