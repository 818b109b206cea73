import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageCommit } from '../../../../../web/src/lib/storage/index.ts';
import { BatchCommitter } from '../../../../../web/src/lib/sync/engine/batch-committer.ts';
import { message, openFresh } from '../../storage/storage-fixtures.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('BatchCommitter', () => {
  it('reports a batch only after its messages can be read back, in batches of maxMessages', async () => {
    const db = await openFresh();
    const batches: string[][] = [];
    const committer = new BatchCommitter(db, (batch: MessageCommit[]) => {
      batches.push(batch.map((m) => m.uid));
    }, { maxMessages: 3, maxDelayMs: 10_000 });
    for (const uid of ['a', 'b', 'c', 'd', 'e']) await committer.add(message(uid));
    await committer.drain();
    expect(batches).toEqual([['a', 'b', 'c'], ['d', 'e']]);
    expect(await db.count('messages')).toBe(5);
    db.close();
  });

  it('flushes a partial batch after maxDelayMs so a slow link still shows mail', async () => {
    const db = await openFresh();
    const committed = vi.fn();
    const committer = new BatchCommitter(db, committed, { maxMessages: 100, maxDelayMs: 50 });
    await committer.add(message('a'));
    await vi.waitFor(() => expect(committed).toHaveBeenCalledTimes(1), { timeout: 2_000 });
    expect(await db.get('messages', ['acct-1', 'a'])).toBeDefined();
    db.close();
  });

  it('starts writing a partial batch on flush(), ahead of the size and time bounds, and keeps later messages for the next batch', async () => {
    const db = await openFresh();
    const batches: string[][] = [];
    const committer = new BatchCommitter(db, (batch: MessageCommit[]) => void batches.push(batch.map((m) => m.uid)), { maxMessages: 100, maxDelayMs: 10_000 });
    await committer.add(message('a'));
    await committer.add(message('b'));
    await committer.flush();
    await committer.add(message('c'));
    await vi.waitFor(() => expect(batches).toEqual([['a', 'b']]), { timeout: 2_000 });
    await committer.drain();
    expect(batches).toEqual([['a', 'b'], ['c']]);
    db.close();
  });

  it('flushes when the queued bytes reach maxBytes', async () => {
    const db = await openFresh();
    const committed = vi.fn();
    const committer = new BatchCommitter(db, committed, { maxMessages: 100, maxBytes: 8, maxDelayMs: 10_000 });
    await committer.add(message('a'));
    await committer.add(message('b'));
    await committer.drain();
    expect(committed).toHaveBeenCalledTimes(1);
    expect(committed.mock.calls[0]![0]).toHaveLength(2);
    db.close();
  });

  it('fails later adds and drain after a batch failed, and reports nothing of it', async () => {
    const db = await openFresh();
    const committed = vi.fn();
    const committer = new BatchCommitter(db, committed, { maxMessages: 1 });
    await committer.add(message('bad', { date: Number.NaN }));
    await expect(committer.drain()).rejects.toMatchObject({ code: 'STORAGE_ERR_INVALID_RECORD' });
    await expect(committer.add(message('b'))).rejects.toMatchObject({ code: 'STORAGE_ERR_INVALID_RECORD' });
    expect(committed).not.toHaveBeenCalled();
    db.close();
  });

  it('drops queued messages on discard without writing them', async () => {
    const db = await openFresh();
    const committer = new BatchCommitter(db, () => undefined, { maxMessages: 100, maxDelayMs: 10_000 });
    await committer.add(message('a'));
    await committer.discard();
    await committer.drain();
    expect(await db.count('messages')).toBe(0);
    db.close();
  });
});
