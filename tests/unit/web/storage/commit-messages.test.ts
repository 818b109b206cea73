import { unwrap } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { commitMessage, commitMessages, getMessageBody, StorageError } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh, recordTransactions } from './storage-fixtures.ts';

describe('commitMessages', () => {
  it('writes a whole batch in one strict-durability transaction and resolves only after it completed', async () => {
    const db = await openFresh();
    const seen = recordTransactions(db);
    await commitMessages(db, [message('a'), message('b'), message('c')]);
    expect(seen).toEqual([{ durability: 'strict', completed: true }]);
    expect(await db.count('messages')).toBe(3);
    expect(await getMessageBody(db, 'acct-1', 'b')).toEqual(new TextEncoder().encode('hello'));
    db.close();
  });

  it('stores none of the batch when one record is invalid', async () => {
    const db = await openFresh();
    const bad = message('b', { date: Number.NaN });
    await expect(commitMessages(db, [message('a'), bad])).rejects.toBeInstanceOf(StorageError);
    expect(await db.count('messages')).toBe(0);
    expect(await db.count('message-bodies')).toBe(0);
    db.close();
  });

  it('stores none of the batch when a write fails mid-transaction', async () => {
    const db = await openFresh();
    // A function cannot be cloned into IndexedDB: the second put throws DataCloneError.
    const unclonable = message('b', { raw: new TextEncoder().encode('x') });
    (unclonable as unknown as { snippet: unknown }).snippet = () => 'no';
    await expect(commitMessages(db, [message('a'), unclonable])).rejects.toMatchObject({ code: 'STORAGE_ERR_INVALID_RECORD' });
    expect(await db.count('messages')).toBe(0);
    db.close();
  });

  it('reports the failed write\'s own error, not the abort after it, and stores none of the batch', async () => {
    const db = await openFresh();
    await commitMessages(db, [message('b')]);
    // A write the store refuses only when it runs it: `add` on a key that is there already
    // fails with ConstraintError after the request was made, as a full disk would.
    const store = unwrap(db.transaction('message-bodies').objectStore('message-bodies'));
    const prototype = Object.getPrototypeOf(store) as IDBObjectStore;
    const put = prototype.put;
    const spy = vi.spyOn(prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      return this.name === 'message-bodies' && (value as { uid: string }).uid === 'b' ? this.add(value, key) : put.call(this, value, key);
    });
    const failure = await commitMessages(db, [message('a'), message('b', { subject: 'again' })]).then(
      () => null,
      (error: unknown) => error,
    );
    spy.mockRestore();
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as StorageError).cause).toMatchObject({ name: 'ConstraintError' });
    expect(await db.getAllKeys('messages')).toEqual([['acct-1', 'b']]);
    expect(await db.get('messages', ['acct-1', 'b'])).not.toMatchObject({ subject: 'again' });
    db.close();
  });

  it('keeps a complete copy when a later batch carries a header-only refetch of it', async () => {
    const db = await openFresh();
    await commitMessage(db, message('a', { subject: 'whole' }));
    await commitMessages(db, [message('a', { state: 'header', subject: 'preview' }), message('b', { state: 'header' })]);
    expect(await db.get('messages', ['acct-1', 'a'])).toMatchObject({ state: 'complete', subject: 'whole' });
    expect(await db.get('messages', ['acct-1', 'b'])).toMatchObject({ state: 'header' });
    db.close();
  });

  it('within one batch, a header then the whole copy of the same message leaves the whole copy, and a header after it changes nothing', async () => {
    const db = await openFresh();
    await commitMessages(db, [message('m', { state: 'header', snippet: 'preview' }), message('m', { state: 'complete', snippet: 'whole' }), message('m', { state: 'header', snippet: 'late preview' })]);
    expect(await db.get('messages', ['acct-1', 'm'])).toMatchObject({ state: 'complete', snippet: 'whole' });
    db.close();
  });

  it('keeps what the user did to a message when a batch rewrites it', async () => {
    const db = await openFresh();
    await commitMessages(db, [message('m', { state: 'header', flags: { seen: true }, deletedLocally: true })]);
    await commitMessages(db, [message('m', { state: 'complete' }), message('n')]);
    expect(await db.get('messages', ['acct-1', 'm'])).toMatchObject({ state: 'complete', flags: { seen: true }, deletedLocally: true });
    expect(await db.count('messages')).toBe(2);
    db.close();
  });

  it('resolves at once for an empty batch without opening a transaction', async () => {
    const db = await openFresh();
    const spy = vi.spyOn(unwrap(db), 'transaction');
    await commitMessages(db, []);
    expect(spy).not.toHaveBeenCalled();
    db.close();
  });
});

describe("a header-only message's preview", () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it('rides in its record with no body record, and gives way to the whole message in message-bodies', async () => {
    const db = await openFresh();
    await commitMessages(db, [message('a', { state: 'header', size: 999, raw: encode('Subject: a\r\n\r\nfirst lines') })]);
    expect(await db.count('message-bodies')).toBe(0);
    expect((await db.get('messages', ['acct-1', 'a']))?.preview).toEqual(encode('Subject: a\r\n\r\nfirst lines'));
    expect(await getMessageBody(db, 'acct-1', 'a')).toEqual(encode('Subject: a\r\n\r\nfirst lines'));

    await commitMessages(db, [message('a', { state: 'complete', size: 5, raw: encode('whole') })]);
    expect((await db.get('messages', ['acct-1', 'a']))?.preview).toBeUndefined();
    expect(await getMessageBody(db, 'acct-1', 'a')).toEqual(encode('whole'));
    db.close();
  });

  it('is still read from message-bodies for a header record written before previews moved into records', async () => {
    const db = await openFresh();
    const { raw, ...record } = message('old', { state: 'header', size: 999, raw: encode('Subject: old\r\n\r\nTOP output') });
    await db.put('messages', record);
    await db.put('message-bodies', { accountId: 'acct-1', uid: 'old', raw });
    expect(await getMessageBody(db, 'acct-1', 'old')).toEqual(encode('Subject: old\r\n\r\nTOP output'));
    db.close();
  });
});
