// What to do after a failed sync, by its stable code.
//
// RFC 2449 §8.1.1/§8.1.2: LOGIN-DELAY and IN-USE mean "not now"; retrying at once only
// extends the delay or fights another client for the lock. A wrong password stays wrong.
// Those wait for the next interval or for the user. A broken link is worth retrying soon,
// with exponential backoff and jitter so many tabs or devices do not retry in step.

export type RetryDecision = 'backoff' | 'wait-for-interval';

const WAIT_CODES = new Set(['POP3_ERR_LOGIN_DELAY', 'POP3_ERR_IN_USE', 'POP3_ERR_AUTH']);

const NETWORK_CODES = new Set([
  'POP3_ERR_EOF',
  'POP3_ERR_SYS_TEMP',
  'TUNNEL_ERR_CLOSED',
  'TUNNEL_ERR_TIMEOUT',
  'TUNNEL_ERR_CONNECT',
  'TUNNEL_ERR_DNS',
  'TUNNEL_ERR_UPSTREAM_CLOSED',
  'TUNNEL_ERR_UPSTREAM_SILENT',
  'TUNNEL_ERR_SHUTTING_DOWN',
  'TUNNEL_ERR_TOO_MANY_CONNECTIONS',
  'SYNC_ERR_WORKER',
]);

export function retryDecision(code: string): RetryDecision {
  if (WAIT_CODES.has(code)) return 'wait-for-interval';
  // Anything else that is not the network (bad config, a bug, a full disk, a cancel) would
  // fail the same way again at once: leave it to the interval too.
  return NETWORK_CODES.has(code) ? 'backoff' : 'wait-for-interval';
}

export interface BackoffOptions {
  /** @default 5 000 */
  baseMs?: number;
  /** @default 300 000 (5 minutes) */
  maxMs?: number;
  /** Retries after which the account waits for the interval. @default 6 */
  maxAttempts?: number;
}

/** Delay before retry `attempt` (1-based): base × 2^(attempt-1), capped, times a jitter in [0.5, 1). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const base = options.baseMs ?? 5_000;
  const max = options.maxMs ?? 300_000;
  const raw = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round(raw * (0.5 + random() * 0.5));
}
