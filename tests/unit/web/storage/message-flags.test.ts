import { afterEach, describe, expect, it, vi } from 'vitest';
import { commitMessage, commitMessages, deleteLocally, getMessageBody, markSeen, restoreLocally } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from './storage-fixtures.ts';

afterEach(() => vi.restoreAllMocks());

describe('markSeen and deleteLocally', () => {
  it('marks a message seen, and unseen again', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1'));
    await markSeen(db, 'acct-1', 'u1');
    expect((await db.get('messages', ['acct-1', 'u1']))?.flags.seen).toBe(true);
    await markSeen(db, 'acct-1', 'u1', false);
    expect((await db.get('messages', ['acct-1', 'u1']))?.flags.seen).toBe(false);
    db.close();
  });

  it('keeps a locally deleted message as a tombstone with its bytes', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1'));
    await deleteLocally(db, 'acct-1', 'u1');
    expect(await db.get('messages', ['acct-1', 'u1'])).toMatchObject({ deletedLocally: true, state: 'complete' });
    expect(await getMessageBody(db, 'acct-1', 'u1')).toBeDefined();
    db.close();
  });

  it('answers an unknown message with STORAGE_ERR_NOT_FOUND and creates nothing', async () => {
    const db = await openFresh();
    await expect(markSeen(db, 'acct-1', 'nope')).rejects.toMatchObject({ name: 'StorageError', code: 'STORAGE_ERR_NOT_FOUND' });
    await expect(deleteLocally(db, 'acct-1', 'nope')).rejects.toMatchObject({ code: 'STORAGE_ERR_NOT_FOUND' });
    expect(await db.count('messages')).toBe(0);
    db.close();
  });

  it('counts a message read in a conversation of hundreds from its row, reading none of the others', async () => {
    const db = await openFresh();
    await commitMessages(db, [
      message('root', { messageId: 'root@x', subject: 'Nightly report', date: 1000 }),
      ...Array.from({ length: 300 }, (_, i) => message(`r${i}`, { messageId: `${i}@x`, references: ['root@x'], subject: 'Re: Nightly report', date: 2000 + i })),
    ]);
    const threadKey = (await db.get('messages', ['acct-1', 'root']))!.threadKey!;
    const row = async () => (await db.get('threads', ['acct-1', threadKey]))!;
    expect(await row()).toMatchObject({ count: 301, unread: 301 });
    const getAll = vi.spyOn(IDBIndex.prototype, 'getAll');

    await markSeen(db, 'acct-1', 'r10');
    await markSeen(db, 'acct-1', 'r299');
    expect(await row()).toMatchObject({ count: 301, unread: 299, latest: { uid: 'r299', flags: { seen: true } } });
    await markSeen(db, 'acct-1', 'r10', false);
    expect(await row()).toMatchObject({ count: 301, unread: 300 });
    expect(getAll).not.toHaveBeenCalled();

    // Deleting one may change who the row names, so that still reads the conversation.
    await deleteLocally(db, 'acct-1', 'r299');
    expect(await row()).toMatchObject({ count: 300, unread: 300, latest: { uid: 'r298' } });
    await restoreLocally(db, 'acct-1', 'r299');
    expect(await row()).toMatchObject({ count: 301, unread: 300, latest: { uid: 'r299' } });
    db.close();
  });
});
