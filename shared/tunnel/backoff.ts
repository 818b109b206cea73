/** Reconnect pacing: exponential backoff with jitter, so a carriage of phones that lost the
 * same tunnel at the same instant does not reconnect in lockstep. */
export interface BackoffOptions {
  /** The first attempt's ceiling. Default 250 ms. */
  initialMs: number;
  /** The ceiling never grows past this. Default 10 000 ms. */
  maxMs: number;
  /**
   * 1 is "full jitter" (a uniform delay between 0 and the ceiling, AWS Architecture Blog,
   * "Exponential Backoff And Jitter", 2015); 0 is no jitter. Default 1.
   */
  jitter: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = { initialMs: 250, maxMs: 10_000, jitter: 1 };

/**
 * The delay before attempt `attempt` (0 = the first reconnect).
 * @param random a number in [0, 1), injectable so tests are deterministic
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: number): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.round(ceiling * (1 - jitter) + ceiling * jitter * random);
}
