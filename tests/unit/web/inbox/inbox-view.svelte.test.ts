import { describe, expect, it } from 'vitest';
import { InboxView } from '../../../../web/src/lib/inbox/inbox-view.svelte.ts';
import { commitMessage, deleteLocally, type SatchelDatabase } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from '../storage/storage-fixtures.ts';

async function seed(db: SatchelDatabase, accountId: string, count: number, startDate = Date.UTC(2025, 0, 1)): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await commitMessage(db, message(`${accountId}-${String(i).padStart(4, '0')}`, { accountId, date: startDate + i * 60_000 }));
  }
}

/** Minute `minute` of the seeded day. */
const at = (minute: number): number => Date.UTC(2025, 0, 1) + minute * 60_000;

/** Six messages of account 'a' at minutes 10–15, the newest three shown (a-0005 … a-0003). */
async function threeOfSixShown(): Promise<{ db: SatchelDatabase; view: InboxView }> {
  const db = await openFresh();
  await seed(db, 'a', 6, at(10));
  const view = new InboxView(db, { accountId: null }, 3);
  await view.refresh();
  return { db, view };
}

function uids(view: InboxView): string[] {
  return view.messages.map((m) => m.uid);
}

describe('InboxView', () => {
  it('loads the first page newest first', async () => {
    const db = await openFresh();
    await seed(db, 'a', 5);
    const view = new InboxView(db, { accountId: null }, 3);
    await view.refresh();
    expect(uids(view)).toEqual(['a-0004', 'a-0003', 'a-0002']);
    expect(view.hasMore).toBe(true);
    expect(view.loading).toBe(false);
    db.close();
  });

  it('appends the next page after the last message, with no duplicates, until the end', async () => {
    const db = await openFresh();
    await seed(db, 'a', 7);
    const view = new InboxView(db, { accountId: null }, 3);
    await view.refresh();
    await view.loadMore();
    expect(uids(view)).toEqual(['a-0006', 'a-0005', 'a-0004', 'a-0003', 'a-0002', 'a-0001']);
    await view.loadMore();
    expect(uids(view)).toHaveLength(7);
    expect(new Set(uids(view)).size).toBe(7);
    expect(view.hasMore).toBe(false);
    await view.loadMore();
    expect(uids(view)).toHaveLength(7);
    db.close();
  });

  it('pages correctly through messages that share a date', async () => {
    const db = await openFresh();
    for (let i = 0; i < 5; i += 1) await commitMessage(db, message(`same-${i}`, { date: Date.UTC(2025, 5, 1) }));
    const view = new InboxView(db, { accountId: null }, 2);
    await view.refresh();
    while (view.hasMore) await view.loadMore();
    expect(uids(view).sort()).toEqual(['same-0', 'same-1', 'same-2', 'same-3', 'same-4']);
    db.close();
  });

  it('shows one account only when filtered, and every account in the unified inbox', async () => {
    const db = await openFresh();
    await seed(db, 'a', 2, Date.UTC(2025, 0, 1));
    await seed(db, 'b', 2, Date.UTC(2025, 0, 2));
    const view = new InboxView(db, { accountId: 'a' });
    await view.refresh();
    expect(uids(view)).toEqual(['a-0001', 'a-0000']);
    await view.setFilter({ accountId: null });
    expect(uids(view)).toEqual(['b-0001', 'b-0000', 'a-0001', 'a-0000']);
    expect(view.filter).toEqual({ accountId: null });
    db.close();
  });

  it('drops a page that arrives for the filter it had before setFilter', async () => {
    const db = await openFresh();
    await seed(db, 'a', 3);
    await seed(db, 'b', 3);
    const view = new InboxView(db, { accountId: 'a' });
    const switched = view.setFilter({ accountId: 'b' });
    await switched;
    await view.refresh();
    expect(view.messages.every((m) => m.accountId === 'b')).toBe(true);
    db.close();
  });

  it('keeps as many messages as were loaded when refreshed, and sees changes', async () => {
    const db = await openFresh();
    await seed(db, 'a', 7);
    const view = new InboxView(db, { accountId: null }, 3);
    await view.refresh();
    await view.loadMore();
    await deleteLocally(db, 'a', 'a-0005');
    await view.refresh();
    expect(uids(view)).toEqual(['a-0006', 'a-0004', 'a-0003', 'a-0002', 'a-0001', 'a-0000']);
    db.close();
  });

  it('skips the refresh for stored messages that sort below every shown row, and sees them on loadMore', async () => {
    const { db, view } = await threeOfSixShown();
    // Older than the last shown row (a-0003, minute 13), and not shown: nothing to redraw.
    await commitMessage(db, message('old', { accountId: 'a', date: at(1) }));
    await db.put('messages', { ...(await db.get('messages', ['a', 'a-0000']))!, subject: 'changed below' });
    // A change the batch does not name shows whether the rows were read again.
    await db.put('messages', { ...(await db.get('messages', ['a', 'a-0005']))!, subject: 'not read again' });
    await view.refreshFor({ accountId: 'a', uids: ['old', 'a-0000'], newestDate: at(10) });
    expect(uids(view)).toEqual(['a-0005', 'a-0004', 'a-0003']);
    expect(view.messages[0]?.subject).toBe('Subject a-0005');
    await view.loadMore();
    await view.loadMore();
    expect(uids(view)).toEqual(['a-0005', 'a-0004', 'a-0003', 'a-0002', 'a-0001', 'a-0000', 'old']);
    expect(view.messages.find((m) => m.uid === 'a-0000')?.subject).toBe('changed below');
    db.close();
  });

  it('refreshes for a stored message that is shown, sorts among the shown rows, or joins a list shown whole', async () => {
    const { db, view } = await threeOfSixShown();
    await db.put('messages', { ...(await db.get('messages', ['a', 'a-0004']))!, state: 'complete', subject: 'now whole' });
    await view.refreshFor({ accountId: 'a', uids: ['a-0004'], newestDate: at(14) - 1 });
    expect(view.messages[1]?.subject).toBe('now whole');
    await commitMessage(db, message('newest', { accountId: 'b', date: at(60) }));
    await view.refreshFor({ accountId: 'b', uids: ['newest'], newestDate: at(60) });
    expect(uids(view)[0]).toBe('newest');

    const whole = new InboxView(db, { accountId: 'a' });
    await whole.refresh();
    expect(whole.hasMore).toBe(false);
    await commitMessage(db, message('oldest', { accountId: 'a', date: at(0) }));
    await whole.refreshFor({ accountId: 'a', uids: ['oldest'], newestDate: at(0) });
    expect(uids(whole).at(-1)).toBe('oldest');
    // Another account's messages never show in a filtered list.
    await commitMessage(db, message('elsewhere', { accountId: 'b', date: at(90) }));
    await whole.refreshFor({ accountId: 'b', uids: ['elsewhere'], newestDate: at(90) });
    expect(uids(whole)).not.toContain('elsewhere');
    db.close();
  });

  it('reports no more messages for an empty inbox', async () => {
    const db = await openFresh();
    const view = new InboxView(db, { accountId: null });
    await view.refresh();
    expect(view.messages).toEqual([]);
    expect(view.hasMore).toBe(false);
    db.close();
  });

  it('reports loading while a page is being read', async () => {
    const db = await openFresh();
    await seed(db, 'a', 2);
    const view = new InboxView(db, { accountId: null });
    const pending = view.refresh();
    expect(view.loading).toBe(true);
    await pending;
    expect(view.loading).toBe(false);
    db.close();
  });
});
