import { describe, expect, it } from 'vitest';
import { InboxView } from '../../../../web/src/lib/inbox/inbox-view.svelte.ts';
import { commitMessage, deleteLocally, type SatchelDatabase } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from '../storage/storage-fixtures.ts';

async function seed(db: SatchelDatabase, accountId: string, count: number, startDate = Date.UTC(2025, 0, 1)): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await commitMessage(db, message(`${accountId}-${String(i).padStart(4, '0')}`, { accountId, date: startDate + i * 60_000 }));
  }
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
