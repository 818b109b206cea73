import { describe, expect, it } from 'vitest';
import { planSync } from '../../../../shared/sync/index.ts';
import { commitMessage, deleteLocally, ledgerFor } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from './storage-fixtures.ts';

describe('ledgerFor', () => {
  it('returns one entry per UIDL of that account only, shaped for the planner', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { size: 10, storedAt: 1000, raw: new Uint8Array(10) }));
    await commitMessage(db, message('u2', { state: 'header' }));
    await commitMessage(db, message('u1', { accountId: 'acct-10' }));
    await commitMessage(db, message('x', { accountId: 'acct' }));
    await deleteLocally(db, 'acct-1', 'u2');
    const ledger = await ledgerFor(db, 'acct-1');
    expect([...ledger.keys()].sort()).toEqual(['u1', 'u2']);
    expect(ledger.get('u1')).toEqual({ uid: 'u1', state: 'complete', size: 10, storedAt: 1000, deletedLocally: false });
    expect(ledger.get('u2')).toMatchObject({ state: 'header', deletedLocally: true });
    db.close();
  });

  it('feeds the planner so that committed messages are not downloaded again', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { size: 5 }));
    const listing = [{ msg: 1, uid: 'u1', size: 5 }, { msg: 2, uid: 'u2', size: 7 }];
    const plan = planSync(listing, await ledgerFor(db, 'acct-1'), { kind: 'leave' }, {
      now: Date.now(), storagePersistent: true, headersFirst: false, previewLines: 0, maxAutoDownloadSize: null, byteBudget: null, unmetered: true,
    });
    expect(plan.bodies.map((m) => m.uid)).toEqual(['u2']);
    db.close();
  });
});
