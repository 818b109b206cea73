import { describe, expect, it } from 'vitest';
import { commitMessage, deleteLocally, listMessages, type MessageRecord } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from './storage-fixtures.ts';

const day = (n: number) => Date.UTC(2025, 0, n);

describe('listMessages', () => {
  it('lists newest first, up to the limit, without the raw bytes', async () => {
    const db = await openFresh();
    for (const n of [3, 1, 2, 5, 4]) await commitMessage(db, message(`u${n}`, { date: day(n) }));
    const page = await listMessages(db, { limit: 3 });
    expect(page.map((m) => m.uid)).toEqual(['u5', 'u4', 'u3']);
    for (const m of page) expect(m).not.toHaveProperty('raw');
    db.close();
  });

  it('lists one account only when asked', async () => {
    const db = await openFresh();
    await commitMessage(db, message('a1', { date: day(1) }));
    await commitMessage(db, message('b1', { accountId: 'acct-2', date: day(2) }));
    await commitMessage(db, message('a2', { date: day(3) }));
    expect((await listMessages(db, { accountId: 'acct-1', limit: 10 })).map((m) => m.uid)).toEqual(['a2', 'a1']);
    expect((await listMessages(db, { accountId: 'acct-2', limit: 10 })).map((m) => m.uid)).toEqual(['b1']);
    expect(await listMessages(db, { accountId: 'nobody', limit: 10 })).toEqual([]);
    db.close();
  });

  it('pages through every message exactly once, even when many share a date', async () => {
    const db = await openFresh();
    const uids: string[] = [];
    for (let i = 0; i < 23; i += 1) {
      const uid = `m${String(i).padStart(2, '0')}`;
      uids.push(uid);
      // Only three distinct dates, so page boundaries fall inside runs of equal dates.
      await commitMessage(db, message(uid, { accountId: i % 2 === 0 ? 'acct-1' : 'acct-2', date: day(i % 3) }));
    }
    for (const accountId of [undefined, 'acct-1']) {
      const listed: MessageRecord[] = [];
      let before: MessageRecord | undefined;
      for (;;) {
        const page = await listMessages(db, accountId === undefined ? { limit: 4, ...(before && { before }) } : { accountId, limit: 4, ...(before && { before }) });
        if (page.length === 0) break;
        listed.push(...page);
        before = page.at(-1);
      }
      const expected = accountId === undefined ? uids : uids.filter((_, i) => i % 2 === 0);
      expect(listed.map((m) => m.uid).sort()).toEqual([...expected].sort());
      expect(new Set(listed.map((m) => `${m.accountId}/${m.uid}`)).size).toBe(expected.length);
      const dates = listed.map((m) => m.date);
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
    }
    db.close();
  });

  it('hides messages deleted here unless asked to include them', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1', { date: day(1) }));
    await commitMessage(db, message('u2', { date: day(2) }));
    await deleteLocally(db, 'acct-1', 'u2');
    expect((await listMessages(db, { limit: 10 })).map((m) => m.uid)).toEqual(['u1']);
    expect((await listMessages(db, { accountId: 'acct-1', limit: 10, includeDeleted: true })).map((m) => m.uid)).toEqual(['u2', 'u1']);
    db.close();
  });

  it('returns the newest pages of a 10,000-message account, 50 at a time', async () => {
    const db = await openFresh();
    const tx = db.transaction('messages', 'readwrite');
    for (let i = 0; i < 10_000; i += 1) {
      const { raw: _, ...record } = message(`u${i}`, { date: day(1) + i * 1000 });
      void tx.store.put(record);
    }
    await tx.done;
    const first = await listMessages(db, { accountId: 'acct-1', limit: 50 });
    expect(first).toHaveLength(50);
    expect(first[0]?.uid).toBe('u9999');
    const second = await listMessages(db, { accountId: 'acct-1', limit: 50, before: first.at(-1)! });
    expect(second[0]?.uid).toBe('u9949');
    db.close();
  });
});
