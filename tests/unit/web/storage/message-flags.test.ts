import { describe, expect, it } from 'vitest';
import { commitMessage, deleteLocally, getMessageBody, markSeen } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from './storage-fixtures.ts';

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
});
