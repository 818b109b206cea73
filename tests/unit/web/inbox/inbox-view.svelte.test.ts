import { describe, expect, it, vi } from 'vitest';
import { InboxView } from '../../../../web/src/lib/inbox/inbox-view.svelte.ts';
import { commitMessage, commitMessages, deleteLocally, type SatchelDatabase } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from '../storage/storage-fixtures.ts';

/** Minute `minute` of the seeded day. */
const at = (minute: number): number => Date.UTC(2025, 0, 1) + minute * 60_000;

async function seed(db: SatchelDatabase, accountId: string, count: number, startMinute = 0): Promise<void> {
  await commitMessages(db, Array.from({ length: count }, (_, i) => message(`${accountId}-${String(i).padStart(4, '0')}`, { accountId, date: at(startMinute + i) })));
}

/** No count remembered from an earlier start. */
const noMemory = () => ({ get: () => null, set: () => undefined });

function uids(view: InboxView, start = 0, end = view.rows.total): Array<string | undefined> {
  return Array.from({ length: end - start }, (_, i) => view.rows.rowAt(start + i)?.uid);
}

describe('InboxView', () => {
  it('knows the whole count at once and lists newest first', async () => {
    const db = await openFresh();
    await seed(db, 'a', 5);
    const view = new InboxView(db, { accountId: null });
    expect(view.loading).toBe(true);
    await view.refresh();
    expect(view.loading).toBe(false);
    expect(view.rows.total).toBe(5);
    expect(uids(view)).toEqual(['a-0004', 'a-0003', 'a-0002', 'a-0001', 'a-0000']);
    db.close();
  });

  it('counts thousands of messages without the tombstones and reads the last rows without the ones before', async () => {
    const db = await openFresh();
    await seed(db, 'a', 3_000);
    await deleteLocally(db, 'a', 'a-0000');
    await deleteLocally(db, 'a', 'a-1500');
    const view = new InboxView(db, { accountId: null }, { remembered: noMemory });
    await view.refresh();
    expect(view.rows.total).toBe(2_998);
    view.rows.show(2_990, 2_998);
    await vi.waitFor(() => expect(uids(view, 2_996, 2_998)).toEqual(['a-0002', 'a-0001']));
    expect(view.rows.rowAt(1_500)).toBeUndefined();
    db.close();
  }, 20_000);

  it('remembers each view\'s count for the next start', async () => {
    const db = await openFresh();
    await seed(db, 'a', 120);
    await seed(db, 'b', 30);
    const remembered = new Map<string | null, number>([[null, 5_000]]);
    const memory = (accountId: string | null) => ({ get: () => remembered.get(accountId) ?? null, set: (n: number) => void remembered.set(accountId, n) });
    const view = new InboxView(db, { accountId: null }, { remembered: memory });
    await view.refresh();
    expect(view.rows.total).toBe(150);
    await view.setFilter({ accountId: 'b' });
    expect(Object.fromEntries(remembered)).toEqual({ null: 150, b: 30 });
    db.close();
  });

  it('shows one account when filtered and merges every account by date in the unified inbox', async () => {
    const db = await openFresh();
    await seed(db, 'a', 3, 0);
    await seed(db, 'b', 3, 1);
    const view = new InboxView(db, { accountId: 'a' });
    await view.refresh();
    expect(uids(view)).toEqual(['a-0002', 'a-0001', 'a-0000']);
    await view.setFilter({ accountId: null });
    // Equal dates (minutes 1 and 2) in descending [accountId, uid] order, as listMessages pages them.
    expect(uids(view)).toEqual(['b-0002', 'b-0001', 'a-0002', 'b-0000', 'a-0001', 'a-0000']);
    expect(view.filter).toEqual({ accountId: null });
    db.close();
  });

  it('drops rows that arrive for the filter it had before setFilter', async () => {
    const db = await openFresh();
    await seed(db, 'a', 3);
    await seed(db, 'b', 3);
    const view = new InboxView(db, { accountId: 'a' });
    await view.setFilter({ accountId: 'b' });
    expect(view.rows.total).toBe(3);
    expect(view.rows.shown().every((m) => m.accountId === 'b')).toBe(true);
    db.close();
  });

  it('sees a delete here on refresh: the count drops and the rows close up', async () => {
    const db = await openFresh();
    await seed(db, 'a', 4);
    const view = new InboxView(db, { accountId: null });
    await view.refresh();
    await deleteLocally(db, 'a', 'a-0002');
    await view.refresh();
    expect(view.rows.total).toBe(3);
    expect(uids(view)).toEqual(['a-0003', 'a-0001', 'a-0000']);
    expect(view.find('a', 'a-0002')).toBeUndefined();
    expect(view.find('a', 'a-0001')?.uid).toBe('a-0001');
    db.close();
  });

  it('after a batch that sorts below the rows in view, counts again but does not read those rows again', async () => {
    const db = await openFresh();
    await seed(db, 'a', 6, 10);
    const view = new InboxView(db, { accountId: null }, { recountAfterMs: 20 });
    await view.refresh();
    view.rows.show(0, 3);
    await commitMessage(db, message('old', { accountId: 'a', date: at(1) }));
    // A change the batch does not name shows whether the rows in view were read again.
    await db.put('messages', { ...(await db.get('messages', ['a', 'a-0005']))!, subject: 'not read again' });
    await view.refreshFor({ accountId: 'a', uids: ['old'], newestDate: at(1) });
    expect(view.rows.total).toBe(7);
    expect(view.rows.rowAt(0)?.subject).toBe('Subject a-0005');
    db.close();
  });

  it('counts again once for many batches below the rows in view, after a short wait', async () => {
    const db = await openFresh();
    await seed(db, 'a', 6, 10);
    const view = new InboxView(db, { accountId: null }, { recountAfterMs: 50 });
    await view.refresh();
    view.rows.show(0, 3);
    const batches: Array<Promise<void>> = [];
    for (let minute = 1; minute <= 5; minute++) {
      await commitMessage(db, message(`old-${minute}`, { accountId: 'a', date: at(minute) }));
      batches.push(view.refreshFor({ accountId: 'a', uids: [`old-${minute}`], newestDate: at(minute) }));
    }
    expect(new Set(batches).size).toBe(1);
    expect(view.rows.total).toBe(6);
    await Promise.all(batches);
    expect(view.rows.total).toBe(11);
    db.close();
  });

  it('reads the rows in view again for a batch that holds one of them or sorts above them, and ignores other accounts when filtered', async () => {
    const db = await openFresh();
    await seed(db, 'a', 6, 10);
    const view = new InboxView(db, { accountId: null });
    await view.refresh();
    view.rows.show(0, 3);
    await db.put('messages', { ...(await db.get('messages', ['a', 'a-0004']))!, subject: 'now whole' });
    await view.refreshFor({ accountId: 'a', uids: ['a-0004'], newestDate: at(14) });
    expect(view.rows.rowAt(1)?.subject).toBe('now whole');
    await commitMessage(db, message('newest', { accountId: 'b', date: at(60) }));
    await view.refreshFor({ accountId: 'b', uids: ['newest'], newestDate: at(60) });
    expect(view.rows.rowAt(0)?.uid).toBe('newest');
    expect(view.rows.total).toBe(7);

    const onlyA = new InboxView(db, { accountId: 'a' });
    await onlyA.refresh();
    await commitMessage(db, message('elsewhere', { accountId: 'b', date: at(90) }));
    await onlyA.refreshFor({ accountId: 'b', uids: ['elsewhere'], newestDate: at(90) });
    expect(onlyA.rows.total).toBe(6);
    db.close();
  });

  it('counts an empty inbox as empty', async () => {
    const db = await openFresh();
    const view = new InboxView(db, { accountId: null });
    await view.refresh();
    expect(view.rows.total).toBe(0);
    expect(view.loading).toBe(false);
    db.close();
  });
});
