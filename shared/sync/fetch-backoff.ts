// How long a message whose whole fetch failed waits before the next try. A -ERR such as
// [SYS/TEMP] or a server that dies on one message would otherwise cost every sync the same
// failure (and on a metered link, the same bytes); a few tries a day are enough to notice
// when the server has healed.
import type { FetchFailure } from './types.ts';

const FIRST_WAIT_MS = 15 * 60_000;
const LONGEST_WAIT_MS = 24 * 60 * 60_000;

/**
 * The wait after `attempts` failures in a row: none after the first (it is fetched after
 * every other message at the next sync: a connection cut mid-message looks the same as a
 * server that dies on it, and must not cost a good message 15 minutes), then 15 min,
 * 30 min, 1 h, … at most a day.
 */
export function retryAfterMs(attempts: number): number {
  if (attempts <= 1) return 0;
  return Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(attempts - 2, 20));
}

/**
 * Failures that cost their whole download each time and that a retry at once cannot mend:
 * a message over the client's size limit fails again after the same 64 MiB. They wait from
 * the first failure.
 */
const COSTLY_AT_ONCE: ReadonlySet<string> = new Set(['POP3_ERR_MESSAGE_TOO_LARGE']);

/** How long after failure.lastAt the message may be fetched again. */
export function waitAfter(failure: FetchFailure): number {
  return retryAfterMs(COSTLY_AT_ONCE.has(failure.code) ? failure.attempts + 1 : failure.attempts);
}

/** Whether a message that failed as `failure` says may be fetched again at `now`. */
export function retryDue(failure: FetchFailure, now: number): boolean {
  return now - failure.lastAt >= waitAfter(failure);
}

/** The failure to record after another failed fetch with `code`. */
export function nextFailure(previous: FetchFailure | undefined, code: string, now: number): FetchFailure {
  return { code, attempts: (previous?.attempts ?? 0) + 1, lastAt: now };
}
