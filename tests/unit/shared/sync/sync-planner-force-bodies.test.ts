import { describe, expect, it } from 'vitest';
import { planSync } from '../../../../shared/sync/index.ts';
import { entry, ledgerOf, options } from './plan-fixtures.ts';

const listing = [
  { msg: 1, uid: 'a', size: 100 },
  { msg: 2, uid: 'b', size: 5_000 },
  { msg: 3, uid: 'c', size: 300 },
];

describe('planSync: bodies the user tapped (forceBodies)', () => {
  it('fetches a tapped body larger than maxAutoDownloadSize', () => {
    const plan = planSync(listing, ledgerOf(entry('b', { state: 'header', size: 5_000 })), { kind: 'leave' }, options({ maxAutoDownloadSize: 1_000, forceBodies: ['b'] }));
    expect(plan.bodies.map((m) => m.uid)).toEqual(['c', 'b', 'a']);
    expect(plan.deferred).toEqual([]);
  });

  it('fetches a tapped body beyond the byte budget while untapped older ones stay deferred', () => {
    const plan = planSync(listing, new Map(), { kind: 'leave' }, options({ byteBudget: 350, forceBodies: ['b'] }));
    expect(plan.bodies.map((m) => m.uid)).toEqual(['c', 'b']);
    expect(plan.deferred.map((m) => [m.uid, m.reason])).toEqual([['a', 'over-budget']]);
  });

  it('still never refetches a tapped message that is already complete', () => {
    const plan = planSync(listing, ledgerOf(entry('b', { size: 5_000 })), { kind: 'leave' }, options({ forceBodies: ['b'] }));
    expect(plan.bodies.map((m) => m.uid)).toEqual(['c', 'a']);
  });

  it('ignores a tapped UIDL the server no longer lists', () => {
    const plan = planSync(listing, new Map(), { kind: 'leave' }, options({ maxAutoDownloadSize: 1_000, forceBodies: ['gone'] }));
    expect(plan.bodies.map((m) => m.uid)).toEqual(['c', 'a']);
    expect(plan.deferred.map((m) => m.uid)).toEqual(['b']);
  });

  it('refuses a forceBodies that is not a list of strings', () => {
    expect(() => planSync(listing, new Map(), { kind: 'leave' }, options({ forceBodies: [3 as unknown as string] }))).toThrow(expect.objectContaining({ code: 'SYNC_ERR_INVALID_OPTIONS' }));
  });
});
