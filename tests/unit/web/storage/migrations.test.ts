import { describe, expect, it } from 'vitest';
import { countInbox, DB_VERSION, DB_VERSION_DELETED_LOCALLY, DB_VERSION_INBOX_INDEX, DB_VERSION_SEARCH_INDEX, DB_VERSION_THREADS, commitMessages, ledgerFor, listInboxRange, listMessages, getMessageBody, getAccount, getSyncState, openSatchelDB, type MessageRecord } from '../../../../web/src/lib/storage/index.ts';
import { freshName, message } from './storage-fixtures.ts';

describe('database migrations', () => {
  it('opens at the current version with every store and index', async () => {
    const db = await openSatchelDB({ name: freshName() });
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['accounts', 'message-bodies', 'messages', 'search-index', 'sync-state', 'threads']);
    const indexes = db.transaction('messages').store.indexNames;
    expect([...indexes].sort()).toEqual(['by-account-date', 'by-account-inbox-date', 'by-date', 'by-inbox-date', 'by-link', 'by-thread']);
    expect([...db.transaction('threads').store.indexNames].sort()).toEqual(['by-account-date', 'by-date']);
    db.close();
  });

  it('stops the ladder at the requested version: v1 has no by-account-date index', async () => {
    const db = await openSatchelDB({ name: freshName(), version: 1 });
    expect([...db.transaction('messages').store.indexNames]).toEqual(['by-date']);
    db.close();
  });

  it('upgrades v1 data to v2: messages gain deletedLocally=false and the account index, nothing is lost', async () => {
    const name = freshName();
    const v1 = await openSatchelDB({ name, version: 1 });
    const { raw, deletedLocally: _, ...v1Message } = message('uid-1');
    const tx = v1.transaction(['accounts', 'messages', 'message-bodies', 'sync-state'], 'readwrite');
    await Promise.all([
      tx.objectStore('accounts').put({ id: 'acct-1', displayName: 'Work', targetName: 'work', userName: 'ada', authMethod: 'user-pass', policy: { kind: 'leave' } }),
      // A v1 record has no deletedLocally field at all.
      tx.objectStore('messages').put(v1Message as MessageRecord),
      tx.objectStore('message-bodies').put({ accountId: 'acct-1', uid: 'uid-1', raw }),
      tx.objectStore('sync-state').put({ accountId: 'acct-1', lastSyncAt: 42, lastErrorCode: 'POP3_ERR_AUTH' }),
      tx.done,
    ]);
    v1.close();

    const v2 = await openSatchelDB({ name, version: 2 });
    const upgraded = await v2.get('messages', ['acct-1', 'uid-1']);
    expect(upgraded).toEqual({ ...v1Message, deletedLocally: false });
    expect(await listMessages(v2, { accountId: 'acct-1', limit: 10 })).toHaveLength(1);
    expect((await ledgerFor(v2, 'acct-1')).get('uid-1')).toMatchObject({ state: 'complete', deletedLocally: false });
    expect(new TextDecoder().decode((await getMessageBody(v2, 'acct-1', 'uid-1')) as Uint8Array)).toBe('hello');
    expect((await getAccount(v2, 'acct-1'))?.displayName).toBe('Work');
    expect(await getSyncState(v2, 'acct-1')).toEqual({ accountId: 'acct-1', lastSyncAt: 42, lastErrorCode: 'POP3_ERR_AUTH' });
    v2.close();
  });

  it('adds an empty search-index store beside the messages, which stay as they were', async () => {
    const name = freshName();
    const before = await openSatchelDB({ name, version: DB_VERSION_DELETED_LOCALLY });
    // Put as a v2 commit stored it: commitMessage now writes the threads of a later rung too.
    const { raw: _raw, ...record } = message('uid-1');
    await before.put('messages', record);
    const stored = await before.get('messages', ['acct-1', 'uid-1']);
    before.close();
    const after = await openSatchelDB({ name, version: DB_VERSION_SEARCH_INDEX });
    expect(await after.get('messages', ['acct-1', 'uid-1'])).toEqual(stored);
    expect(await after.count('search-index')).toBe(0);
    after.close();
  });

  it('upgrades stored mail to conversations, grouped by subject since older records kept no Message-ID', async () => {
    const name = freshName();
    const before = await openSatchelDB({ name, version: DB_VERSION_DELETED_LOCALLY });
    const tx = before.transaction('messages', 'readwrite');
    const stored = [
      message('u1', { subject: 'Lunch', date: 1000 }),
      message('u2', { subject: 'Re: Lunch', date: 2000, from: { name: 'Bob', address: 'bob@example.org' } }),
      message('u3', { subject: 'Other', date: 3000 }),
    ];
    await Promise.all([...stored.map(({ raw: _raw, ...record }) => tx.store.put(record)), tx.done]);
    before.close();

    const after = await openSatchelDB({ name, version: DB_VERSION_THREADS });
    const threads = await after.getAll('threads');
    expect(threads.map((t) => [t.latest.uid, t.count]).sort()).toEqual([['u2', 2], ['u3', 1]]);
    expect((await after.get('messages', ['acct-1', 'u1']))?.threadKey).toBe((await after.get('messages', ['acct-1', 'u2']))?.threadKey);
    // A commit after the upgrade finds the links the upgrade wrote.
    await commitMessages(after, [message('u4', { subject: 'AW: Lunch', date: 4000 })]);
    expect((await after.getAll('threads')).map((t) => [t.latest.uid, t.count]).sort()).toEqual([['u3', 1], ['u4', 3]]);
  });

  it('upgrades to the inbox index: listed messages gain inboxDate, tombstones stay out, nothing is lost', async () => {
    const name = freshName();
    const before = await openSatchelDB({ name, version: DB_VERSION_THREADS });
    const strip = ({ raw: _, ...record }: ReturnType<typeof message>): MessageRecord => record;
    const kept = strip(message('kept', { date: Date.UTC(2025, 0, 2) }));
    const other = strip(message('other', { accountId: 'acct-2', date: Date.UTC(2025, 0, 3) }));
    const tombstone = strip(message('tombstone', { deletedLocally: true }));
    const tx = before.transaction('messages', 'readwrite');
    await Promise.all([tx.store.put(kept), tx.store.put(other), tx.store.put(tombstone), tx.done]);
    before.close();

    const after = await openSatchelDB({ name, version: DB_VERSION_INBOX_INDEX });
    expect(await after.get('messages', ['acct-1', 'kept'])).toEqual({ ...kept, inboxDate: kept.date });
    expect(await after.get('messages', ['acct-1', 'tombstone'])).toEqual(tombstone);
    expect(await countInbox(after)).toBe(2);
    expect(await countInbox(after, 'acct-1')).toBe(1);
    expect((await listInboxRange(after, { start: 0, end: 5 })).map((m) => m.uid)).toEqual(['other', 'kept']);
    after.close();
  });

  it('refuses, with a typed error, a stored database newer than this app', async () => {
    const name = freshName();
    (await openSatchelDB({ name, version: DB_VERSION + 1 })).close();
    await expect(openSatchelDB({ name })).rejects.toMatchObject({ name: 'StorageError', code: 'STORAGE_ERR_VERSION' });
  });
});
