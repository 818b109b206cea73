import { describe, expect, it } from 'vitest';
import { planSync } from '../../../../shared/sync/index.ts';
import { DAY_MS, NOW, entry, ledgerOf, options } from './plan-fixtures.ts';

const listing = [
  { msg: 1, uid: 'a', size: 100 },
  { msg: 2, uid: 'b', size: 200 },
  { msg: 3, uid: 'c', size: 300 },
];

describe('planSync: downloads', () => {
  it('fetches headers and bodies of unknown messages newest first', () => {
    const plan = planSync(listing, new Map(), { kind: 'leave' }, options());
    expect(plan.headers.map((m) => m.msg)).toEqual([3, 2, 1]);
    expect(plan.bodies.map((m) => m.msg)).toEqual([3, 2, 1]);
    expect(plan.previewLines).toBe(5);
    expect(plan.deferred).toEqual([]);
  });

  it('fetches headers first only for messages larger than headersFirstAbove', () => {
    const plan = planSync(listing, new Map(), { kind: 'leave' }, options({ headersFirstAbove: 150 }));
    expect(plan.headers.map((m) => m.msg)).toEqual([3, 2]);
    expect(plan.bodies.map((m) => m.msg)).toEqual([3, 2, 1]);
  });

  it('never downloads a UIDL that is already complete locally', () => {
    const plan = planSync(listing, ledgerOf(entry('b', { size: 200 })), { kind: 'leave' }, options());
    expect(plan.headers.map((m) => m.uid)).toEqual(['c', 'a']);
    expect(plan.bodies.map((m) => m.uid)).toEqual(['c', 'a']);
  });

  it('fetches only the body of a message whose headers are already stored', () => {
    const plan = planSync(listing, ledgerOf(entry('c', { state: 'header', size: 300 })), { kind: 'leave' }, options());
    expect(plan.headers.map((m) => m.uid)).not.toContain('c');
    expect(plan.bodies.map((m) => m.uid)).toContain('c');
  });

  it('fetches a message whose last fetch failed after every other one, once its backoff ran out', () => {
    const failure = { code: 'POP3_ERR_SYS_TEMP', attempts: 2, lastAt: NOW - 16 * 60_000 };
    const plan = planSync(listing, ledgerOf(entry('c', { state: 'header', size: 300, fetchFailure: failure })), { kind: 'leave' }, options());
    expect(plan.bodies.map((m) => m.uid)).toEqual(['b', 'a', 'c']);
  });

  it('defers a message whose last fetch failed while its backoff runs, and fetches every other one', () => {
    const failure = { code: 'POP3_ERR_EOF', attempts: 3, lastAt: NOW - 20 * 60_000 };
    const plan = planSync(listing, ledgerOf(entry('c', { state: 'header', size: 300, fetchFailure: failure })), { kind: 'leave' }, options());
    expect(plan.bodies.map((m) => m.uid)).toEqual(['b', 'a']);
    expect(plan.deferred).toEqual([{ msg: 3, uid: 'c', size: 300, reason: 'retry-later' }]);
  });

  it('fetches a failing message at once when the user taps it', () => {
    const failure = { code: 'POP3_ERR_EOF', attempts: 3, lastAt: NOW };
    const plan = planSync(listing, ledgerOf(entry('c', { state: 'header', size: 300, fetchFailure: failure })), { kind: 'leave' }, options({ forceBodies: ['c'] }));
    expect(plan.bodies.map((m) => m.uid)).toEqual(['c', 'b', 'a']);
  });

  it('does not fetch the body of a header-only message the user deleted here', () => {
    const plan = planSync(listing, ledgerOf(entry('c', { state: 'header', size: 300, deletedLocally: true })), { kind: 'leave' }, options());
    expect(plan.bodies.map((m) => m.uid)).toEqual(['b', 'a']);
  });

  it('skips headers when headersFirst is off, except for messages whose body is deferred', () => {
    const plan = planSync(listing, new Map(), { kind: 'leave' }, options({ headersFirst: false, maxAutoDownloadSize: 250 }));
    expect(plan.headers.map((m) => m.uid)).toEqual(['c']);
    expect(plan.bodies.map((m) => m.uid)).toEqual(['b', 'a']);
  });

  it('defers bodies larger than maxAutoDownloadSize as too-large', () => {
    const plan = planSync(listing, new Map(), { kind: 'leave' }, options({ maxAutoDownloadSize: 200 }));
    expect(plan.bodies.map((m) => m.uid)).toEqual(['b', 'a']);
    expect(plan.deferred).toEqual([{ msg: 3, uid: 'c', size: 300, reason: 'too-large' }]);
  });

  it('takes bodies newest first until the byte budget is spent and defers the rest as over-budget', () => {
    const plan = planSync(listing, new Map(), { kind: 'leave' }, options({ byteBudget: 450 }));
    expect(plan.bodies.map((m) => m.uid)).toEqual(['c']);
    // b (200) does not fit after c (300); a (100) would, but recency order is kept.
    expect(plan.deferred).toEqual([
      { msg: 2, uid: 'b', size: 200, reason: 'over-budget' },
      { msg: 1, uid: 'a', size: 100, reason: 'over-budget' },
    ]);
  });

  it('spends the whole budget when it exactly fits', () => {
    const plan = planSync(listing, new Map(), { kind: 'leave' }, options({ byteBudget: 600 }));
    expect(plan.bodies).toHaveLength(3);
  });

  it('ignores the byte budget on an unmetered link but still waits for a tap on large messages', () => {
    const plan = planSync(listing, new Map(), { kind: 'leave' }, options({ byteBudget: 0, unmetered: true, maxAutoDownloadSize: 250 }));
    expect(plan.bodies.map((m) => m.uid)).toEqual(['b', 'a']);
    expect(plan.deferred.map((d) => d.reason)).toEqual(['too-large']);
  });

  it('sorts by message number even when the listing arrives out of order', () => {
    const plan = planSync([...listing].reverse(), new Map(), { kind: 'leave' }, options());
    expect(plan.bodies.map((m) => m.msg)).toEqual([3, 2, 1]);
  });
});

describe('planSync: duplicate UIDLs', () => {
  it('reports a UIDL listed twice and neither downloads nor deletes it', () => {
    const dup = [...listing, { msg: 4, uid: 'a', size: 100 }];
    const plan = planSync(dup, ledgerOf(entry('a', { storedAt: 0 })), { kind: 'delete-after-days', days: 1 }, options());
    expect(plan.duplicates).toEqual(['a']);
    expect([...plan.headers, ...plan.bodies, ...plan.deletions].map((m) => m.uid)).not.toContain('a');
  });
});

describe('planSync: deletions', () => {
  const old = NOW - 10 * DAY_MS;

  it('deletes nothing under the leave policy', () => {
    const plan = planSync(listing, ledgerOf(entry('a', { storedAt: old, deletedLocally: true })), { kind: 'leave' }, options());
    expect(plan.deletions).toEqual([]);
    expect(plan.keptOnServerBecause).toBeNull();
  });

  it('deletes complete messages stored at least the given number of days ago', () => {
    const ledger = ledgerOf(entry('a', { storedAt: old }), entry('b', { size: 200, storedAt: NOW - DAY_MS }));
    const plan = planSync(listing, ledger, { kind: 'delete-after-days', days: 7 }, options());
    expect(plan.deletions).toEqual([{ msg: 1, uid: 'a' }]);
  });

  it('deletes complete messages the user deleted here under delete-when-deleted-here', () => {
    const ledger = ledgerOf(entry('a', { deletedLocally: true }), entry('b', { size: 200 }));
    const plan = planSync(listing, ledger, { kind: 'delete-when-deleted-here' }, options());
    expect(plan.deletions).toEqual([{ msg: 1, uid: 'a' }]);
  });

  it('never deletes a message whose ledger entry is only headers', () => {
    const ledger = ledgerOf(entry('a', { state: 'header', storedAt: old, deletedLocally: true }));
    expect(planSync(listing, ledger, { kind: 'delete-after-days', days: 0 }, options()).deletions).toEqual([]);
    expect(planSync(listing, ledger, { kind: 'delete-when-deleted-here' }, options()).deletions).toEqual([]);
  });

  it('never deletes a message whose server size differs from the committed copy', () => {
    const ledger = ledgerOf(entry('a', { size: 99, storedAt: old }));
    expect(planSync(listing, ledger, { kind: 'delete-after-days', days: 1 }, options()).deletions).toEqual([]);
  });

  it('keeps everything on the server when storage is not persistent, and says why', () => {
    const ledger = ledgerOf(entry('a', { storedAt: old }));
    const plan = planSync(listing, ledger, { kind: 'delete-after-days', days: 1 }, options({ storagePersistent: false }));
    expect(plan.deletions).toEqual([]);
    expect(plan.keptOnServerBecause).toBe('storage-not-persistent');
  });

  it('lists deletions newest first with their session message numbers', () => {
    const ledger = ledgerOf(entry('a', { storedAt: old }), entry('c', { size: 300, storedAt: old }));
    const plan = planSync(listing, ledger, { kind: 'delete-after-days', days: 1 }, options());
    expect(plan.deletions).toEqual([{ msg: 3, uid: 'c' }, { msg: 1, uid: 'a' }]);
  });
});
