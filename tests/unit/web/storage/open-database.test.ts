import { describe, expect, it, vi } from 'vitest';
import { DB_VERSION, MIGRATIONS, commitMessage, openSatchelDB } from '../../../../web/src/lib/storage/index.ts';
import { freshName, message } from './storage-fixtures.ts';

describe('openSatchelDB', () => {
  it('leaves the old version and its data intact when an upgrade step fails', async () => {
    const name = freshName();
    const current = await openSatchelDB({ name });
    await commitMessage(current, message('u1'));
    current.close();
    const broken = [...MIGRATIONS, { version: DB_VERSION + 1, migrate: () => Promise.reject(new Error('the next step broke')) }];
    await expect(openSatchelDB({ name, version: DB_VERSION + 1, migrations: broken })).rejects.toMatchObject({ name: 'StorageError', code: 'STORAGE_ERR_OPEN' });
    const again = await openSatchelDB({ name });
    expect(again.version).toBe(DB_VERSION);
    expect(await again.get('messages', ['acct-1', 'u1'])).toMatchObject({ uid: 'u1', state: 'complete' });
    again.close();
  });

  it('closes an open connection so that a newer tab can upgrade, and says so', async () => {
    const name = freshName();
    const onClosedForUpgrade = vi.fn();
    const old = await openSatchelDB({ name, version: 1, onClosedForUpgrade });
    const newer = await openSatchelDB({ name, version: 2 });
    expect(onClosedForUpgrade).toHaveBeenCalledTimes(1);
    expect(newer.version).toBe(2);
    newer.close();
    old.close();
  });
});
