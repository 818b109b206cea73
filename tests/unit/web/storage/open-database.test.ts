import { describe, expect, it, vi } from 'vitest';
import { MIGRATIONS, commitMessage, openSatchelDB } from '../../../../web/src/lib/storage/index.ts';
import { freshName, message } from './storage-fixtures.ts';

describe('openSatchelDB', () => {
  it('leaves the old version and its data intact when an upgrade step fails', async () => {
    const name = freshName();
    const v2 = await openSatchelDB({ name });
    await commitMessage(v2, message('u1'));
    v2.close();
    const broken = [...MIGRATIONS, { version: 3, migrate: () => Promise.reject(new Error('step 3 broke')) }];
    await expect(openSatchelDB({ name, version: 3, migrations: broken })).rejects.toMatchObject({ name: 'StorageError', code: 'STORAGE_ERR_OPEN' });
    const again = await openSatchelDB({ name });
    expect(again.version).toBe(2);
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
