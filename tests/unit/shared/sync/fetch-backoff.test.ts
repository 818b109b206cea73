import { describe, expect, it } from 'vitest';
import { nextFailure, retryAfterMs, retryDue, waitAfter } from '../../../../shared/sync/index.ts';

describe('fetch backoff', () => {
  it('waits nothing after one failure, then 15 minutes, doubling up to a day', () => {
    expect([1, 2, 3, 4, 5].map(retryAfterMs)).toEqual([0, 15, 30, 60, 120].map((m) => m * 60_000));
    expect(retryAfterMs(30)).toBe(24 * 60 * 60_000);
  });

  it('counts failures in a row and keeps the latest code', () => {
    const first = nextFailure(undefined, 'POP3_ERR_SYS_TEMP', 1000);
    expect(first).toEqual({ code: 'POP3_ERR_SYS_TEMP', attempts: 1, lastAt: 1000 });
    expect(nextFailure(first, 'POP3_ERR_EOF', 2000)).toEqual({ code: 'POP3_ERR_EOF', attempts: 2, lastAt: 2000 });
  });

  it('allows a retry only once the wait has passed', () => {
    const failure = { code: 'POP3_ERR_EOF', attempts: 3, lastAt: 0 };
    expect(retryDue(failure, 30 * 60_000 - 1)).toBe(false);
    expect(retryDue(failure, 30 * 60_000)).toBe(true);
  });

  it('makes a message too large to store wait from its first failure, not refetch it at once', () => {
    const tooLarge = { code: 'POP3_ERR_MESSAGE_TOO_LARGE', attempts: 1, lastAt: 0 };
    expect(waitAfter(tooLarge)).toBe(15 * 60_000);
    expect(retryDue(tooLarge, 60_000)).toBe(false);
    expect(waitAfter({ ...tooLarge, code: 'POP3_ERR_SYS_TEMP' })).toBe(0);
  });
});
