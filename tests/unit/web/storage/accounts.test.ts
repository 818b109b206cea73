import { describe, expect, it } from 'vitest';
import { getAccount, getSyncState, listAccounts, putAccount, putSyncState, type AccountRecord } from '../../../../web/src/lib/storage/index.ts';
import { openFresh } from './storage-fixtures.ts';

const account: AccountRecord = { id: 'acct-1', displayName: 'Work', targetName: 'work', userName: 'ada', authMethod: 'sasl-plain', policy: { kind: 'delete-after-days', days: 30 } };

describe('accounts', () => {
  it('stores and lists accounts', async () => {
    const db = await openFresh();
    await putAccount(db, account);
    expect(await getAccount(db, 'acct-1')).toEqual(account);
    expect(await listAccounts(db)).toEqual([account]);
    db.close();
  });

  it('refuses an account record that carries a password, and stores nothing', async () => {
    const db = await openFresh();
    for (const field of ['password', 'pass', 'oauthToken', 'clientSecret']) {
      const withSecret = { ...account, [field]: 'hunter2' } as AccountRecord;
      await expect(putAccount(db, withSecret)).rejects.toMatchObject({ code: 'STORAGE_ERR_CREDENTIAL_FIELD' });
    }
    expect(await listAccounts(db)).toEqual([]);
    db.close();
  });

  it('stores only the known account fields', async () => {
    const db = await openFresh();
    await putAccount(db, { ...account, extra: 'x' } as AccountRecord);
    expect(Object.keys((await getAccount(db, 'acct-1'))!).sort()).toEqual(['authMethod', 'displayName', 'id', 'policy', 'targetName', 'userName']);
    db.close();
  });
});

describe('sync state', () => {
  it('records the last sync time and error code per account', async () => {
    const db = await openFresh();
    expect(await getSyncState(db, 'acct-1')).toBeUndefined();
    await putSyncState(db, { accountId: 'acct-1', lastSyncAt: 1000, lastErrorCode: null });
    await putSyncState(db, { accountId: 'acct-1', lastSyncAt: 2000, lastErrorCode: 'TUNNEL_ERR_TIMEOUT' });
    expect(await getSyncState(db, 'acct-1')).toEqual({ accountId: 'acct-1', lastSyncAt: 2000, lastErrorCode: 'TUNNEL_ERR_TIMEOUT' });
    db.close();
  });
});
