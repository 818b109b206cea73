import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commitMessages, countInbox, deleteLocally, listInboxRange, listMessages, markSeen, recordFetchFailure } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from './storage-fixtures.ts';

const minute = (n: number) => Date.UTC(2025, 0, 1) + n * 60_000;

describe('countInbox and listInboxRange', () => {
  it('counts every listed message of every account and of one, leaving out tombstones', async () => {
    const db = await openFresh();
    await commitMessages(db, [
      message('a1', { date: minute(1) }),
      message('a2', { date: minute(2) }),
      message('b1', { accountId: 'acct-2', date: minute(3) }),
      message('gone', { date: minute(4) }),
    ]);
    await deleteLocally(db, 'acct-1', 'gone');
    expect(await countInbox(db)).toBe(3);
    expect(await countInbox(db, 'acct-1')).toBe(2);
    expect(await countInbox(db, 'acct-2')).toBe(1);
    expect(await countInbox(db, 'nobody')).toBe(0);
    db.close();
  });

  it('reads any range of rows in the order listMessages pages them, across accounts and equal dates', async () => {
    const db = await openFresh();
    const commits = Array.from({ length: 120 }, (_, i) => message(`m${String(i).padStart(3, '0')}`, { accountId: i % 3 === 0 ? 'acct-2' : 'acct-1', date: minute(i % 17) }));
    await commitMessages(db, commits);
    await deleteLocally(db, 'acct-1', 'm010');
    const paged = (await listMessages(db, { limit: 1_000 })).map((m) => `${m.accountId}/${m.uid}`);
    expect(paged).toHaveLength(119);
    await fc.assert(
      fc.asyncProperty(fc.nat(130), fc.nat(40), async (start, length) => {
        const rows = await listInboxRange(db, { start, end: start + length });
        expect(rows.map((m) => `${m.accountId}/${m.uid}`)).toEqual(paged.slice(start, start + length));
        // Walked to from the oldest end when the count says the range is in the older half: the same rows.
        const fromOldest = await listInboxRange(db, { start, end: start + length, total: paged.length });
        expect(fromOldest.map((m) => `${m.accountId}/${m.uid}`)).toEqual(paged.slice(start, start + length));
      }),
      { numRuns: 60 },
    );
    const oneAccount = (await listMessages(db, { accountId: 'acct-2', limit: 1_000 })).map((m) => m.uid);
    expect((await listInboxRange(db, { accountId: 'acct-2', start: 5, end: 15 })).map((m) => m.uid)).toEqual(oneAccount.slice(5, 15));
    db.close();
  });

  it('keeps the count right through marking read, a failed fetch, a refetch and a delete', async () => {
    const db = await openFresh();
    await commitMessages(db, [message('a', { date: minute(1) }), message('b', { date: minute(2) })]);
    await markSeen(db, 'acct-1', 'a');
    await recordFetchFailure(db, 'acct-1', 'listed-only', 100, 'POP3_ERR_SYS_TEMP', minute(3));
    expect(await countInbox(db)).toBe(3);
    await deleteLocally(db, 'acct-1', 'b');
    // A refetch of a message deleted here keeps it a tombstone, out of the inbox.
    await commitMessages(db, [message('b', { date: minute(2) })]);
    expect(await countInbox(db)).toBe(2);
    expect((await listInboxRange(db, { start: 0, end: 10 })).map((m) => m.uid)).toEqual(['listed-only', 'a']);
    db.close();
  });

  it('reads nothing for an empty range or one past the end', async () => {
    const db = await openFresh();
    await commitMessages(db, [message('a')]);
    expect(await listInboxRange(db, { start: 0, end: 0 })).toEqual([]);
    expect(await listInboxRange(db, { start: 5, end: 10 })).toEqual([]);
    db.close();
  });
});
