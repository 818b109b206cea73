import { backoffDelay, type BackoffOptions } from './backoff.ts';
import type { TunnelErrorCode } from './error-codes.ts';
import { TunnelError } from './tunnel-error.ts';
import { timers } from './websocket-like.ts';

/** Codes after which another resume cannot help. */
const FINAL_CODES: ReadonlySet<TunnelErrorCode> = new Set([
  'TUNNEL_ERR_RESUME_EXPIRED',
  'TUNNEL_ERR_RESUME_DENIED',
  'TUNNEL_ERR_RESUME_GAP',
  'TUNNEL_ERR_RESUMED_ELSEWHERE',
  'TUNNEL_ERR_SHUTTING_DOWN',
  'TUNNEL_ERR_BAD_MESSAGE',
  'TUNNEL_ERR_VERSION',
  'TUNNEL_ERR_NOT_OPEN',
  'TUNNEL_ERR_FRAME_TOO_LARGE',
  'TUNNEL_ERR_UPSTREAM_CLOSED',
  'TUNNEL_ERR_INTERNAL',
]);

/** Whether a tunnel that ended with `code` may be resumed, or must fail. */
export function resumeCanHelp(code: TunnelErrorCode): boolean {
  return !FINAL_CODES.has(code);
}

/**
 * When the resumable tunnel client tries the next resume after a drop: backoff with jitter
 * from the first failed attempt, and no attempt once the link would have been down longer
 * than `maxReconnectMs` (by default the bridge's grace period, after which it has let the
 * session go). One attempt is pending at a time.
 */
export class ReconnectSchedule {
  readonly #backoff: BackoffOptions;
  readonly #maxReconnectMs: number;
  readonly #random: () => number;
  /** When the link went down; 0 while it is up. */
  #downSince = 0;
  #attempt = 0;
  #timer: unknown = null;

  constructor(backoff: BackoffOptions, maxReconnectMs: number, random: () => number) {
    this.#backoff = backoff;
    this.#maxReconnectMs = maxReconnectMs;
    this.#random = random;
  }

  /** The link is up again: the next drop starts from the first delay and a fresh clock. */
  linkUp(): void {
    this.#downSince = 0;
    this.#attempt = 0;
  }

  /** The link went down now, unless it was down already. */
  linkDown(): void {
    if (this.#downSince === 0) this.#downSince = Date.now();
  }

  /** Calls `attempt` after the next delay, or returns why not: the link has been down too long. */
  schedule(attempt: () => void): TunnelError | null {
    const delay = backoffDelay(this.#attempt++, this.#backoff, this.#random());
    if (Date.now() + delay - this.#downSince > this.#maxReconnectMs) {
      return new TunnelError('TUNNEL_ERR_RECONNECT_GAVE_UP', `the link stayed down for more than ${this.#maxReconnectMs} ms`);
    }
    this.#timer = timers.setTimeout(() => {
      this.#timer = null;
      attempt();
    }, delay);
    return null;
  }

  stop(): void {
    if (this.#timer !== null) timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
