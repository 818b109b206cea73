import { describe, expect, it } from 'vitest';
import { planSync, SyncPlanError, isSyncErrorCode, type PlanOptions, type ServerMessage } from '../../../../shared/sync/index.ts';
import { entry, ledgerOf, options } from './plan-fixtures.ts';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SyncPlanError) return error.code;
    throw error;
  }
  return undefined;
}

const plan = (listing: ServerMessage[], overrides: Partial<PlanOptions> = {}) => () => planSync(listing, new Map(), { kind: 'leave' }, options(overrides));

describe('planSync input validation', () => {
  it('rejects a listing with the same message number twice', () => {
    expect(codeOf(plan([{ msg: 1, uid: 'a', size: 1 }, { msg: 1, uid: 'b', size: 1 }]))).toBe('SYNC_ERR_DUPLICATE_MSG');
  });

  it('rejects message numbers that are not positive integers', () => {
    for (const msg of [0, -1, 1.5, Number.NaN]) expect(codeOf(plan([{ msg, uid: 'a', size: 1 }]))).toBe('SYNC_ERR_INVALID_MSG');
  });

  it('rejects negative, fractional and non-finite sizes', () => {
    for (const size of [-1, 0.5, Number.POSITIVE_INFINITY]) expect(codeOf(plan([{ msg: 1, uid: 'a', size }]))).toBe('SYNC_ERR_INVALID_SIZE');
  });

  it('rejects UIDLs outside RFC 1939 (empty, with spaces, longer than 70)', () => {
    for (const uid of ['', 'a\u0000b', 'tab\there', 'del\u007f']) expect(codeOf(plan([{ msg: 1, uid, size: 1 }]))).toBe('SYNC_ERR_INVALID_UID');
    // Longer than RFC 1939's 70, with a space, 8-bit: what real servers send, accepted.
    for (const uid of ['x'.repeat(200), 'a b', 'caf\u00e9']) expect(() => plan([{ msg: 1, uid, size: 1 }])).not.toThrow();
  });

  it('rejects a ledger entry filed under another UIDL', () => {
    const ledger = new Map([['a', entry('b')]]);
    expect(codeOf(() => planSync([], ledger, { kind: 'leave' }, options()))).toBe('SYNC_ERR_INVALID_LEDGER');
  });

  it('rejects a ledger entry with a negative size', () => {
    expect(codeOf(() => planSync([], ledgerOf(entry('a', { size: -5 })), { kind: 'leave' }, options()))).toBe('SYNC_ERR_INVALID_LEDGER');
  });

  it('rejects impossible options and policies', () => {
    expect(codeOf(plan([], { byteBudget: -1 }))).toBe('SYNC_ERR_INVALID_OPTIONS');
    expect(codeOf(plan([], { previewLines: -1 }))).toBe('SYNC_ERR_INVALID_OPTIONS');
    expect(codeOf(plan([], { maxAutoDownloadSize: Number.NaN }))).toBe('SYNC_ERR_INVALID_OPTIONS');
    expect(codeOf(plan([], { now: Number.NaN }))).toBe('SYNC_ERR_INVALID_OPTIONS');
    expect(codeOf(() => planSync([], new Map(), { kind: 'delete-after-days', days: -1 }, options()))).toBe('SYNC_ERR_INVALID_OPTIONS');
  });

  it('tells a remote (server) fault from a local one', () => {
    expect(new SyncPlanError('SYNC_ERR_DUPLICATE_MSG').side).toBe('remote');
    expect(new SyncPlanError('SYNC_ERR_INVALID_OPTIONS').side).toBe('local');
    expect(isSyncErrorCode('SYNC_ERR_INVALID_UID')).toBe(true);
    expect(isSyncErrorCode('POP3_ERR_AUTH')).toBe(false);
  });
});
