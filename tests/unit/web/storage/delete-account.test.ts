import { describe, expect, it } from 'vitest';
import { deleteAccount } from '../../../../web/src/lib/storage/delete-account.ts';
import { commitMessage, getMessageBody, getSyncState, listAccounts, listMessages, putAccount, putSyncState, type AccountRecord } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from './storage-fixtures.ts';

const account = (id: string): AccountRecord => ({ id, displayName: id, targetName: 'demo', userName: 'u', authMethod: 'user-pass', policy: { kind: 'leave' } });

describe('deleteAccount', () => {
  it('removes the account, its messages, their bytes and its sync state', async () => {
    const db = await openFresh();
    await putAccount(db, account('a'));
    await commitMessage(db, message('1', { accountId: 'a' }));
    await commitMessage(db, message('2', { accountId: 'a', deletedLocally: true }));
    await putSyncState(db, { accountId: 'a', lastSyncAt: 1, lastErrorCode: null });
    await deleteAccount(db, 'a');
    expect(await listAccounts(db)).toEqual([]);
    expect(await listMessages(db, { limit: 10, includeDeleted: true })).toEqual([]);
    expect(await getMessageBody(db, 'a', '1')).toBeUndefined();
    expect(await getSyncState(db, 'a')).toBeUndefined();
    db.close();
  });

  it('leaves other accounts, including one whose id starts with the same letters, untouched', async () => {
    const db = await openFresh();
    await putAccount(db, account('a'));
    await putAccount(db, account('ab'));
    await commitMessage(db, message('1', { accountId: 'a' }));
    await commitMessage(db, message('1', { accountId: 'ab' }));
    await deleteAccount(db, 'a');
    expect((await listAccounts(db)).map((a) => a.id)).toEqual(['ab']);
    expect((await listMessages(db, { limit: 10 })).map((m) => m.accountId)).toEqual(['ab']);
    expect(await getMessageBody(db, 'ab', '1')).toBeDefined();
    db.close();
  });
});
