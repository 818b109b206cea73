import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../../shared/sync/index.ts';
import {
  describeFetchFailure,
  describeFetchFailureInReader,
  FETCH_FAILURE_WORDING,
  fetchFailureCause,
  formatTryTime,
  GENERIC_FETCH_FAILURE,
  nextFetchTry,
} from '../../../../web/src/lib/feedback/fetch-failure-wording.ts';

const MINUTE = 60_000;
const LAST = Date.UTC(2026, 11, 6, 14, 20);
const clock = (at: number): string => new Date(at).toISOString().slice(11, 16);

describe('nextFetchTry', () => {
  it('says the next sync after one failure, which the planner does not hold back', () => {
    expect(nextFetchTry({ code: 'POP3_ERR_SYS_TEMP', attempts: 1, lastAt: LAST }, LAST)).toEqual({ kind: 'next-sync' });
  });

  it('gives the end of the backoff after two failures: 15 minutes after the last one', () => {
    expect(nextFetchTry({ code: 'POP3_ERR_SYS_TEMP', attempts: 2, lastAt: LAST }, LAST + MINUTE)).toEqual({ kind: 'after', at: LAST + 15 * MINUTE });
  });

  it('follows shared/sync retryAfterMs as the waits double', () => {
    for (const attempts of [3, 5, 12]) {
      expect(nextFetchTry({ code: 'POP3_ERR_EOF', attempts, lastAt: LAST }, LAST)).toEqual({ kind: 'after', at: LAST + retryAfterMs(attempts) });
    }
  });

  it('says the next sync once the wait has passed', () => {
    expect(nextFetchTry({ code: 'POP3_ERR_SYS_TEMP', attempts: 3, lastAt: LAST }, LAST + 30 * MINUTE)).toEqual({ kind: 'next-sync' });
  });
});

describe('describeFetchFailure', () => {
  it('says what went wrong and that the next sync tries again', () => {
    expect(describeFetchFailure({ code: 'POP3_ERR_SYS_TEMP', attempts: 1, lastAt: LAST }, LAST, clock)).toBe(
      "Couldn't download: the mail server reported a temporary problem. Satchel will try again at the next sync.",
    );
  });

  it('gives the time of the next try while the backoff lasts', () => {
    expect(describeFetchFailure({ code: 'TUNNEL_ERR_UPSTREAM_CLOSED', attempts: 2, lastAt: LAST }, LAST, clock)).toBe(
      "Couldn't download: the mail server closed the connection while it was arriving. Satchel will try again at the first sync after 14:35.",
    );
  });

  it('says who can fix a lasting server problem instead of only promising retries', () => {
    const sentence = describeFetchFailure({ code: 'POP3_ERR_SYS_PERM', attempts: 4, lastAt: LAST }, LAST, clock);
    expect(sentence).toMatch(/lasting problem/);
    expect(sentence).toMatch(/mail provider may need to fix it\.$/);
    expect(sentence).not.toMatch(/try again later/i);
  });

  it('words an unknown code safely, without the server text', () => {
    expect(fetchFailureCause('NOPE_ERR')).toBe(GENERIC_FETCH_FAILURE);
    expect(fetchFailureCause('toString')).toBe(GENERIC_FETCH_FAILURE);
    expect(describeFetchFailure({ code: 'NOPE_ERR', attempts: 1, lastAt: LAST }, LAST, clock)).toMatch(/^Couldn't download: something went wrong/);
  });

  it('never tells the user to try again later: it says what Satchel will do', () => {
    for (const code of Object.keys(FETCH_FAILURE_WORDING)) {
      expect(describeFetchFailure({ code, attempts: 2, lastAt: LAST }, LAST, clock)).not.toMatch(/try again later/i);
    }
  });
});

describe('describeFetchFailureInReader', () => {
  it('counts the tries and points at the button that fetches at once', () => {
    expect(describeFetchFailureInReader({ code: 'POP3_ERR_SYS_TEMP', attempts: 2, lastAt: LAST }, LAST, true, clock)).toBe(
      "Satchel couldn't download this message: the mail server reported a temporary problem (2 tries so far). Satchel will try again at the first sync after 14:35. To try now, choose Download full message.",
    );
  });

  it('says what a placeholder lacks, so the reader\'s "(no subject)" is not taken for the message\'s', () => {
    expect(describeFetchFailureInReader({ code: 'POP3_ERR_SYS_TEMP', attempts: 1, lastAt: LAST }, LAST, true, clock, 12_288)).toBe(
      "Satchel couldn't download this message: the mail server reported a temporary problem. Its sender, subject and text (12 KB) are still on the server. Satchel will try again at the next sync. To try now, choose Download full message.",
    );
  });

  it('does not mention a button the reader does not show', () => {
    expect(describeFetchFailureInReader({ code: 'POP3_ERR_EOF', attempts: 1, lastAt: LAST }, LAST, false, clock)).toBe(
      "Satchel couldn't download this message: the connection to the mail server ended while it was arriving. Satchel will try again at the next sync.",
    );
  });
});

describe('formatTryTime', () => {
  it('gives only the time on the same day and adds the weekday on another', () => {
    const now = new Date(2026, 11, 6, 9, 0).getTime();
    expect(formatTryTime(new Date(2026, 11, 6, 14, 35).getTime(), now, 'en-GB')).toBe('14:35');
    expect(formatTryTime(new Date(2026, 11, 7, 8, 5).getTime(), now, 'en-GB')).toBe('Mon 08:05');
  });
});

describe('FETCH_FAILURE_WORDING for the codes a broken answer records', () => {
  it('has its own clause for a server that went silent, sent garbage or an endless line', () => {
    for (const code of ['TUNNEL_ERR_UPSTREAM_SILENT', 'POP3_ERR_BAD_STATUS', 'POP3_ERR_LINE_TOO_LONG']) {
      expect(FETCH_FAILURE_WORDING[code], code).toBeDefined();
      expect(FETCH_FAILURE_WORDING[code]).not.toBe(GENERIC_FETCH_FAILURE);
    }
  });
});
