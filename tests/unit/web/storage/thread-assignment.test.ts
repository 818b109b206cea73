import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commitMessages, deleteLocally, isPlaceholder, markSeen, recordFetchFailure, type SatchelDatabase } from '../../../../web/src/lib/storage/index.ts';
import { summarizeThread } from '../../../../web/src/lib/threads/summarize-thread.ts';
import { message, openFresh } from './storage-fixtures.ts';

const reply = (uid: string, messageId: string | null, references: string[], date: number, from = 'ada') =>
  message(uid, { messageId, references, subject: references.length > 0 ? 'Re: Lunch' : 'Lunch', date, from: { name: from, address: `${from}@example.org` } });

/** Every row agrees with the messages: its count, unread and latest are what its live messages say. */
async function expectConsistent(db: SatchelDatabase): Promise<void> {
  const messages = await db.getAll('messages');
  const rows = await db.getAll('threads');
  const live = messages.filter((m) => !m.deletedLocally);
  for (const m of messages) expect(m.threadKey, `message ${m.uid} has a thread`).toBeDefined();
  const byThread = new Map<string, typeof live>();
  for (const m of live) byThread.set(m.threadKey!, [...(byThread.get(m.threadKey!) ?? []), m]);
  expect(rows.map((r) => r.threadKey).sort()).toEqual([...byThread.keys()].sort());
  for (const row of rows) {
    const members = byThread.get(row.threadKey)!;
    expect(row.count).toBe(members.length);
    expect(row.unread).toBe(members.filter((m) => !m.flags.seen).length);
    expect(row.latestDate).toBe(Math.max(...members.map((m) => m.date)));
    const full = summarizeThread(members)!;
    expect(row.latest.uid).toBe(full.latest.uid);
    expect(row.participants).toEqual(full.participants);
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('conversations as messages are stored', () => {
  it('keeps one row for a reply chain stored over several batches, with its count, latest and participants', async () => {
    const db = await openFresh();
    await commitMessages(db, [reply('u1', 'a@x', [], 1000)]);
    await commitMessages(db, [reply('u2', 'b@x', ['a@x'], 2000, 'bob')]);
    await commitMessages(db, [reply('u3', 'c@x', ['a@x', 'b@x'], 3000)]);
    const rows = await db.getAll('threads');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ count: 3, unread: 3, latestDate: 3000, latest: { uid: 'u3' } });
    expect(rows[0]!.participants.map((p) => p.name)).toEqual(['ada', 'bob']);
    expect(rows[0]!.latest).not.toHaveProperty('preview');
    await expectConsistent(db);
    db.close();
  });

  it('merges two stored conversations when a later message replies to both, and the next reply finds the merged one', async () => {
    const db = await openFresh();
    await commitMessages(db, [reply('u1', 'a@x', [], 1000), reply('u2', 'b@x', ['a@x'], 2000)]);
    await commitMessages(db, [message('u5', { messageId: 'x@x', subject: 'Dinner', date: 1500 })]);
    expect(await db.count('threads')).toBe(2);
    const before = new Set((await db.getAll('threads')).map((row) => row.threadKey));
    // The batch names both conversations: the one it grew and the one whose row it removed.
    const { threadKeys } = await commitMessages(db, [reply('u6', 'y@x', ['a@x', 'x@x'], 4000)]);
    expect(new Set(threadKeys)).toEqual(before);
    expect(await db.count('threads')).toBe(1);
    await commitMessages(db, [reply('u7', 'z@x', ['x@x'], 5000)]);
    const rows = await db.getAll('threads');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ count: 5, latest: { uid: 'u7' } });
    await expectConsistent(db);
    db.close();
  });

  it('keeps a message in its conversation when its whole copy replaces the header', async () => {
    const db = await openFresh();
    await commitMessages(db, [reply('u1', 'a@x', [], 1000), { ...reply('u2', 'b@x', ['a@x'], 2000), state: 'header', snippet: 'short' }]);
    await commitMessages(db, [{ ...reply('u2', 'b@x', ['a@x'], 2000), snippet: 'the whole text' }]);
    const rows = await db.getAll('threads');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ count: 2, latest: { uid: 'u2', snippet: 'the whole text', state: 'complete' } });
    db.close();
  });

  it('updates the count and latest message on a delete, and drops a conversation left empty', async () => {
    const db = await openFresh();
    await commitMessages(db, [reply('u1', 'a@x', [], 1000), reply('u2', 'b@x', ['a@x'], 2000), message('u9', { messageId: 'q@x', subject: 'Alone' })]);
    await deleteLocally(db, 'acct-1', 'u2');
    const lunch = (await db.getAll('threads')).find((t) => t.latest.subject === 'Lunch');
    expect(lunch).toMatchObject({ count: 1, latestDate: 1000, latest: { uid: 'u1' } });
    await deleteLocally(db, 'acct-1', 'u9');
    expect((await db.getAll('threads')).map((t) => t.latest.uid)).toEqual(['u1']);
    await expectConsistent(db);
    db.close();
  });

  it('counts unread messages as they are read', async () => {
    const db = await openFresh();
    await commitMessages(db, [reply('u1', 'a@x', [], 1000), reply('u2', 'b@x', ['a@x'], 2000)]);
    await markSeen(db, 'acct-1', 'u1');
    expect((await db.getAll('threads'))[0]).toMatchObject({ count: 2, unread: 1 });
    db.close();
  });

  it('stores nothing of a batch whose transaction dies half way, and what was committed stays consistent', async () => {
    const db = await openFresh();
    await commitMessages(db, [reply('u1', 'a@x', [], 1000), message('u5', { messageId: 'x@x', subject: 'Dinner', date: 1500 })]);
    // The tab dies after the merge moved u5 and before the thread rows were rewritten: the
    // transaction never completes, as when the process is killed.
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'threads') throw new DOMException('killed', 'AbortError');
      return put.apply(this, args);
    });
    await expect(commitMessages(db, [reply('u6', 'y@x', ['a@x', 'x@x'], 4000)])).rejects.toMatchObject({ name: 'StorageError' });
    vi.restoreAllMocks();
    expect(await db.get('messages', ['acct-1', 'u6'])).toBeUndefined();
    expect(await db.count('threads')).toBe(2);
    await expectConsistent(db);
    // The next sync stores it again, and the merge happens then.
    await commitMessages(db, [reply('u6', 'y@x', ['a@x', 'x@x'], 4000)]);
    expect(await db.count('threads')).toBe(1);
    await expectConsistent(db);
    db.close();
  });

  it('stays consistent through any mix of batches, refetches and deletes', async () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('commit' as const),
        batch: fc.array(
          fc.record({ uid: fc.constantFrom('1', '2', '3', '4', '5', '6'), messageId: fc.option(id, { nil: null }), references: fc.array(id, { maxLength: 2 }), subject: fc.constantFrom('', 'Lunch', 'Re: Lunch', 'Plans'), date: fc.nat(100), who: fc.constantFrom('Ada', 'Bob', 'Cy', 'Di', 'Ed') }),
          { minLength: 1, maxLength: 4 },
        ),
      }),
      fc.record({ kind: fc.constant('delete' as const), uid: fc.constantFrom('1', '2', '3', '4', '5', '6') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 6 }), async (steps) => {
        const db = await openFresh();
        for (const s of steps) {
          if (s.kind === 'commit') await commitMessages(db, s.batch.map(({ who, ...m }) => message(m.uid, { ...m, from: { name: who, address: `${who}@example.org` } })));
          else if (await db.get('messages', ['acct-1', s.uid])) await deleteLocally(db, 'acct-1', s.uid);
        }
        await expectConsistent(db);
        db.close();
      }),
      { numRuns: 60 },
    );
  });
});

describe('conversations of messages known only from the listing', () => {
  it('lists a placeholder for a failed fetch as a conversation, and its headers join it to its own later', async () => {
    const db = await openFresh();
    await commitMessages(db, [reply('u1', 'a@x', [], 1000)]);
    await recordFetchFailure(db, 'acct-1', 'u2', 100, 'POP3_ERR_NEGATIVE', 5000);
    expect(await db.count('threads')).toBe(2);
    const row = (await db.getAll('threads')).find((r) => r.latest.uid === 'u2')!;
    expect(isPlaceholder(row.latest), 'the row still shows it as not downloaded yet').toBe(true);
    await commitMessages(db, [reply('u2', 'b@x', ['a@x'], 2000)]);
    const rows = await db.getAll('threads');
    expect(rows.map((r) => r.count)).toEqual([2]);
    await expectConsistent(db);
    db.close();
  });
});

describe('a merge and a rewrite in one batch', () => {
  it('moves a rewritten message along with the conversation another message of the batch merges away', async () => {
    const db = await openFresh();
    await commitMessages(db, [reply('u1', 'a@x', [], 1000), reply('u2', 'b@x', ['a@x'], 2000)]);
    await commitMessages(db, [message('u5', { messageId: 'x@x', subject: 'Dinner', date: 1500 })]);
    // u5 again (its whole copy, same links) beside a reply that ties Dinner to Lunch.
    await commitMessages(db, [message('u5', { messageId: 'x@x', subject: 'Dinner', date: 1500, snippet: 'whole' }), reply('u6', 'y@x', ['a@x', 'x@x'], 4000)]);
    expect(await db.count('threads')).toBe(1);
    await expectConsistent(db);
    db.close();
  });
});
