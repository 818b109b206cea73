import { describe, expect, it } from 'vitest';
import { commitMessage, getMessageBody, StorageError } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh, recordTransactions } from './storage-fixtures.ts';

describe('commitMessage', () => {
  it('writes in a strict-durability transaction and resolves only after it completed', async () => {
    const db = await openFresh();
    const seen = recordTransactions(db);
    await commitMessage(db, message('uid-1'));
    expect(seen).toEqual([{ durability: 'strict', completed: true }]);
    db.close();
  });

  it('stores metadata and bytes that a fresh connection can read', async () => {
    const db = await openFresh();
    await commitMessage(db, message('uid-1'));
    const stored = await db.get('messages', ['acct-1', 'uid-1']);
    expect(stored).toMatchObject({ uid: 'uid-1', state: 'complete', size: 5 });
    expect(stored).not.toHaveProperty('raw');
    expect(await getMessageBody(db, 'acct-1', 'uid-1')).toEqual(new TextEncoder().encode('hello'));
    db.close();
  });

  it('does not create two records when the same (account, uid) is committed twice', async () => {
    const db = await openFresh();
    await commitMessage(db, message('uid-1', { subject: 'first' }));
    await commitMessage(db, message('uid-1', { subject: 'second' }));
    expect(await db.count('messages')).toBe(1);
    expect(await db.count('message-bodies')).toBe(1);
    expect((await db.get('messages', ['acct-1', 'uid-1']))?.subject).toBe('second');
    db.close();
  });

  it('keeps the same uid in two accounts apart', async () => {
    const db = await openFresh();
    await commitMessage(db, message('uid-1'));
    await commitMessage(db, message('uid-1', { accountId: 'acct-2' }));
    expect(await db.count('messages')).toBe(2);
    db.close();
  });

  it('never replaces a complete message with a header-only refetch', async () => {
    const db = await openFresh();
    await commitMessage(db, message('uid-1'));
    await commitMessage(db, message('uid-1', { state: 'header', raw: new TextEncoder().encode('hel') }));
    expect((await db.get('messages', ['acct-1', 'uid-1']))?.state).toBe('complete');
    expect(await getMessageBody(db, 'acct-1', 'uid-1')).toEqual(new TextEncoder().encode('hello'));
    db.close();
  });

  it('upgrades a header-only message to complete but keeps what the user did to it', async () => {
    const db = await openFresh();
    await commitMessage(db, message('uid-1', { state: 'header', flags: { seen: true }, deletedLocally: true }));
    await commitMessage(db, message('uid-1'));
    expect(await db.get('messages', ['acct-1', 'uid-1'])).toMatchObject({ state: 'complete', flags: { seen: true }, deletedLocally: true });
    db.close();
  });

  it('refuses a record whose date is not a number, since the inbox index would never show it', async () => {
    const db = await openFresh();
    await expect(commitMessage(db, message('uid-1', { date: Number.NaN }))).rejects.toMatchObject({ code: 'STORAGE_ERR_INVALID_RECORD' });
    expect(await db.count('messages')).toBe(0);
    db.close();
  });

  it('refuses a message marked complete whose bytes are not the size LIST gave', async () => {
    const db = await openFresh();
    const truncated = { ...message('uid-1'), raw: new TextEncoder().encode('hel') };
    await expect(commitMessage(db, truncated)).rejects.toMatchObject({ code: 'STORAGE_ERR_INVALID_RECORD' });
    expect(await db.get('messages', ['acct-1', 'uid-1'])).toBeUndefined();
    // A header-only record holds TOP output, shorter than the message by design.
    await commitMessage(db, { ...message('uid-2', { state: 'header' }), raw: new TextEncoder().encode('hel') });
    expect(await db.get('messages', ['acct-1', 'uid-2'])).toMatchObject({ state: 'header' });
    db.close();
  });

  it('refuses raw bytes that are neither a Uint8Array nor a Blob', async () => {
    const db = await openFresh();
    const bad = message('uid-1', { raw: 'hello' as unknown as Uint8Array });
    await expect(commitMessage(db, bad)).rejects.toBeInstanceOf(StorageError);
    db.close();
  });

  it('stores neither metadata nor bytes when the transaction fails halfway', async () => {
    const db = await openFresh();
    const buffer = new ArrayBuffer(4);
    const detached = new Uint8Array(buffer);
    structuredClone(buffer, { transfer: [buffer] });
    // The metadata put succeeds; the bytes cannot be cloned, so the whole transaction aborts.
    await expect(commitMessage(db, message('uid-1', { raw: detached }))).rejects.toMatchObject({ name: 'StorageError' });
    expect(await db.count('messages')).toBe(0);
    expect(await db.count('message-bodies')).toBe(0);
    db.close();
  });
});
