// Properties that must hold for every listing, ledger, policy and option set.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSync, SyncPlanError, type AccountPolicy, type LedgerEntry, type PlanOptions, type ServerMessage, type SyncPlan } from '../../../../shared/sync/index.ts';
import { DAY_MS, NOW } from './plan-fixtures.ts';

const uidArb = fc.stringMatching(/^[A-Za-z0-9]{1,4}$/);

// A listing with unique msg numbers; UIDLs drawn from a small pool so duplicates happen.
const listingArb: fc.Arbitrary<ServerMessage[]> = fc
  .uniqueArray(fc.record({ msg: fc.integer({ min: 1, max: 60 }), uid: uidArb, size: fc.integer({ min: 0, max: 5000 }) }), { selector: (m) => m.msg, maxLength: 30 });

const entryArb = (uid: string, size: fc.Arbitrary<number>): fc.Arbitrary<LedgerEntry> => fc.record({
  uid: fc.constant(uid),
  state: fc.constantFrom('header' as const, 'complete' as const),
  size,
  storedAt: fc.integer({ min: NOW - 30 * DAY_MS, max: NOW }),
  deletedLocally: fc.boolean(),
});

// A ledger that knows some of the listed UIDLs (usually with the server's size, sometimes not)
// plus some UIDLs the server no longer has, so every rule gets exercised.
const ledgerFor = (listing: readonly ServerMessage[]): fc.Arbitrary<Map<string, LedgerEntry>> => fc
  .tuple(
    fc.subarray([...listing]).chain((known) => fc.tuple(...known.map((m) => entryArb(m.uid, fc.oneof({ weight: 4, arbitrary: fc.constant(m.size) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 5000 }) }))))),
    fc.uniqueArray(fc.stringMatching(/^gone[0-9]{1,3}$/), { maxLength: 5 }).chain((uids) => fc.tuple(...uids.map((uid) => entryArb(uid, fc.integer({ min: 0, max: 5000 }))))),
  )
  .map(([known, gone]) => new Map([...known, ...gone].map((e) => [e.uid, e])));

const policyArb: fc.Arbitrary<AccountPolicy> = fc.oneof(
  fc.constant({ kind: 'leave' as const }),
  fc.record({ kind: fc.constant('delete-after-days' as const), days: fc.integer({ min: 0, max: 40 }) }),
  fc.constant({ kind: 'delete-when-deleted-here' as const }),
);

const optionsArb: fc.Arbitrary<PlanOptions> = fc.record({
  now: fc.constant(NOW),
  storagePersistent: fc.boolean(),
  headersFirst: fc.boolean(),
  previewLines: fc.integer({ min: 0, max: 20 }),
  maxAutoDownloadSize: fc.option(fc.integer({ min: 0, max: 5000 })),
  byteBudget: fc.option(fc.integer({ min: 0, max: 20_000 })),
  unmetered: fc.boolean(),
});

const inputsArb = listingArb.chain((listing) => fc.tuple(fc.constant(listing), ledgerFor(listing), policyArb, optionsArb));

/** What a sync worker does with the plan: headers become 'header' entries, bodies 'complete'. */
function applyDownloads(plan: SyncPlan, ledger: ReadonlyMap<string, LedgerEntry>, now: number): Map<string, LedgerEntry> {
  const next = new Map(ledger);
  for (const { uid, size } of plan.headers) if (!next.has(uid)) next.set(uid, { uid, state: 'header', size, storedAt: now, deletedLocally: false });
  for (const { uid, size } of plan.bodies) next.set(uid, { uid, state: 'complete', size, storedAt: now, deletedLocally: next.get(uid)?.deletedLocally ?? false });
  return next;
}

describe('planSync properties', () => {
  it('never deletes a UIDL that is not committed whole, nor any on non-persistent storage', () => {
    fc.assert(fc.property(inputsArb, ([listing, ledger, policy, opts]) => {
      const plan = planSync(listing, ledger, policy, opts);
      if (!opts.storagePersistent) expect(plan.deletions).toEqual([]);
      for (const { msg, uid } of plan.deletions) {
        expect(ledger.get(uid)?.state).toBe('complete');
        expect(listing.find((m) => m.msg === msg)?.uid).toBe(uid);
      }
    }));
  });

  it('never schedules the same UIDL twice in any list, nor both fetched and deferred', () => {
    fc.assert(fc.property(inputsArb, ([listing, ledger, policy, opts]) => {
      const plan = planSync(listing, ledger, policy, opts);
      const unique = (uids: string[]) => expect(new Set(uids).size).toBe(uids.length);
      unique(plan.headers.map((m) => m.uid));
      unique([...plan.bodies, ...plan.deferred].map((m) => m.uid));
      unique(plan.deletions.map((m) => m.uid));
      const scheduled = [...plan.headers, ...plan.bodies, ...plan.deferred, ...plan.deletions].map((m) => m.uid);
      for (const dup of plan.duplicates) expect(scheduled).not.toContain(dup);
    }));
  });

  it('never downloads a UIDL already complete locally, and deletes nothing it downloads', () => {
    fc.assert(fc.property(inputsArb, ([listing, ledger, policy, opts]) => {
      const plan = planSync(listing, ledger, policy, opts);
      for (const { uid } of [...plan.headers, ...plan.bodies]) expect(ledger.get(uid)?.state).not.toBe('complete');
      const downloaded = new Set(plan.bodies.map((m) => m.uid));
      for (const { uid } of plan.deletions) expect(downloaded.has(uid)).toBe(false);
    }));
  });

  it('keeps bodies newest first and within the budget on a metered link', () => {
    fc.assert(fc.property(inputsArb, ([listing, ledger, policy, opts]) => {
      const plan = planSync(listing, ledger, policy, opts);
      const msgs = plan.bodies.map((m) => m.msg);
      expect(msgs).toEqual([...msgs].sort((a, b) => b - a));
      const bytes = plan.bodies.reduce((sum, m) => sum + m.size, 0);
      if (opts.byteBudget !== null && !opts.unmetered) expect(bytes).toBeLessThanOrEqual(opts.byteBudget);
      if (opts.maxAutoDownloadSize !== null) for (const m of plan.bodies) expect(m.size).toBeLessThanOrEqual(opts.maxAutoDownloadSize);
    }));
  });

  it('converges: after applying the downloads, planning again downloads none of them', () => {
    fc.assert(fc.property(inputsArb, ([listing, ledger, policy, opts]) => {
      const first = planSync(listing, ledger, policy, opts);
      const second = planSync(listing, applyDownloads(first, ledger, opts.now), policy, opts);
      const fetched = new Set(first.bodies.map((m) => m.uid));
      const headed = new Set(first.headers.map((m) => m.uid));
      for (const { uid } of second.bodies) expect(fetched.has(uid)).toBe(false);
      for (const { uid } of second.headers) expect(headed.has(uid)).toBe(false);
    }));
  });

  it('converges with no budget limits: one round fetches everything, the next fetches nothing', () => {
    fc.assert(fc.property(inputsArb, ([listing, ledger, policy, base]) => {
      const opts = { ...base, byteBudget: null, maxAutoDownloadSize: null };
      const first = planSync(listing, ledger, policy, opts);
      const second = planSync(listing, applyDownloads(first, ledger, opts.now), policy, opts);
      expect(second.bodies).toEqual([]);
      expect(second.headers).toEqual([]);
      expect(second.deferred).toEqual([]);
    }));
  });

  it('answers any duplicate message number or negative size with a typed error', () => {
    fc.assert(fc.property(listingArb.filter((l) => l.length > 0), fc.boolean(), (listing, duplicateMsg) => {
      const first = listing[0]!;
      const bad = duplicateMsg ? [...listing, { ...first, uid: 'other' }] : [...listing, { msg: 999, uid: 'z', size: -1 - first.size }];
      let caught: unknown;
      try {
        planSync(bad, new Map(), { kind: 'leave' }, { now: NOW, storagePersistent: true, headersFirst: true, previewLines: 0, maxAutoDownloadSize: null, byteBudget: null, unmetered: false });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SyncPlanError);
      expect((caught as SyncPlanError).code).toBe(duplicateMsg ? 'SYNC_ERR_DUPLICATE_MSG' : 'SYNC_ERR_INVALID_SIZE');
    }));
  });
});
