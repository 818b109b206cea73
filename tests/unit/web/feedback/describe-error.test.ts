import { describe, expect, it } from 'vitest';
import { POP3_ERROR_CODES } from '../../../../shared/pop3/errors.ts';
import { SYNC_ERROR_CODES } from '../../../../shared/sync/error-codes.ts';
import { TUNNEL_ERROR_CODES } from '../../../../shared/tunnel/error-codes.ts';
import { describeError, GENERIC_ERROR_SENTENCE, shouldWaitBeforeRetry } from '../../../../web/src/lib/feedback/describe-error.ts';
import { READER_ERROR_CODES } from '../../../../web/src/lib/reader/error-codes.ts';
import { SEARCH_ERROR_CODES } from '../../../../web/src/lib/search/error-codes.ts';
import { TLS_ERROR_CODES } from '../../../../shared/tls/error-codes.ts';
import { SYNC_RUN_ERROR_CODES } from '../../../../web/src/lib/sync/sync-error-codes.ts';
import { STORAGE_ERROR_CODES } from '../../../../web/src/lib/storage/error-codes.ts';
import { TARGETS_ERROR_CODES } from '../../../../web/src/lib/targets/error-codes.ts';
import { retryDecision } from '../../../../web/src/lib/sync/retry-policy.ts';

const TABLES = { POP3_ERROR_CODES, TUNNEL_ERROR_CODES, SYNC_ERROR_CODES, SYNC_RUN_ERROR_CODES, STORAGE_ERROR_CODES, TARGETS_ERROR_CODES, READER_ERROR_CODES, SEARCH_ERROR_CODES, TLS_ERROR_CODES };
const EVERY_CODE = Object.values(TABLES).flatMap((table) => Object.keys(table));

describe('describeError', () => {
  it.each(EVERY_CODE)('gives %s its own sentence, not the generic one', (code) => {
    const sentence = describeError(code);
    expect(sentence).not.toBe(GENERIC_ERROR_SENTENCE);
    expect(sentence).toMatch(/^[A-Z].*\.$/);
    // Not the developer summary from the table: that one is for the docs, not for people.
    const summaries = Object.values(TABLES).flatMap((table) => Object.values(table).map((entry) => entry.summary));
    expect(summaries).not.toContain(sentence);
  });

  it('covers codes from every table, so a new table is not forgotten silently', () => {
    expect(EVERY_CODE.length).toBeGreaterThan(50);
    for (const table of Object.values(TABLES)) expect(Object.keys(table).length).toBeGreaterThan(0);
  });

  it('tells the user to wait on LOGIN-DELAY and IN-USE instead of retrying', () => {
    expect(describeError('POP3_ERR_LOGIN_DELAY')).toMatch(/wait/i);
    expect(describeError('POP3_ERR_IN_USE')).toMatch(/wait/i);
    expect(shouldWaitBeforeRetry('POP3_ERR_LOGIN_DELAY')).toBe(true);
    expect(shouldWaitBeforeRetry('POP3_ERR_IN_USE')).toBe(true);
    expect(shouldWaitBeforeRetry('TUNNEL_ERR_CLOSED')).toBe(false);
  });

  it('points a refused login at the user name and password', () => {
    expect(describeError('POP3_ERR_AUTH')).toMatch(/user name or password/i);
    expect(shouldWaitBeforeRetry('POP3_ERR_AUTH')).toBe(true);
  });

  // DESIGN.md "Errors": the words say what will happen, never "try again later" where a retry
  // cannot help, and never ask the user to do what Satchel does by itself.
  const ASKS_FOR_A_RETRY = /try again|sync again|try syncing again/i;

  it('does not ask for a retry after codes where retrying cannot help', () => {
    const hopeless = [
      'POP3_ERR_AUTH', 'POP3_ERR_SYS_PERM', 'POP3_ERR_BAD_LISTING', 'POP3_ERR_DUPLICATE_UIDL', 'POP3_ERR_BAD_UIDL', 'POP3_ERR_MESSAGE_TOO_LARGE',
      'TUNNEL_ERR_TARGET_DENIED', 'TUNNEL_ERR_ORIGIN_DENIED', 'TUNNEL_ERR_TLS', 'SYNC_ERR_INVALID_MSG', 'SYNC_ERR_INVALID_SIZE', 'SYNC_ERR_DUPLICATE_MSG', 'SYNC_ERR_INVALID_UID',
    ];
    expect(hopeless.filter((code) => ASKS_FOR_A_RETRY.test(describeError(code)))).toEqual([]);
  });

  it('does not ask the user to retry after codes that Satchel retries by itself with backoff', () => {
    const retried = [...Object.keys(POP3_ERROR_CODES), ...Object.keys(TUNNEL_ERROR_CODES)].filter((code) => retryDecision(code) === 'backoff');
    expect(retried.length).toBeGreaterThan(5);
    expect(retried.filter((code) => ASKS_FOR_A_RETRY.test(describeError(code)))).toEqual([]);
  });

  it('says who must act when only someone else can fix it', () => {
    expect(describeError('TUNNEL_ERR_TARGET_DENIED')).toMatch(/administrator/);
    expect(describeError('POP3_ERR_BAD_LISTING')).toMatch(/mail provider/);
    expect(describeError('SYNC_ERR_INVALID_SIZE')).toMatch(/mail provider/);
  });

  it('does not promise that the next sync fetches a message whose size disagreed, which would fail the same way', () => {
    expect(describeError('SYNC_ERR_SIZE_MISMATCH')).not.toMatch(/next sync/i);
  });

  it('answers an unknown code with the safe generic sentence', () => {
    expect(describeError('NOPE_ERR_WHATEVER')).toBe(GENERIC_ERROR_SENTENCE);
    expect(describeError('')).toBe(GENERIC_ERROR_SENTENCE);
  });

  it('does not treat inherited object keys as codes', () => {
    expect(describeError('toString')).toBe(GENERIC_ERROR_SENTENCE);
    expect(describeError('__proto__')).toBe(GENERIC_ERROR_SENTENCE);
  });
});
