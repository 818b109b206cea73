import { describe, expect, it } from 'vitest';
import { LastSynced } from '../../../../web/src/lib/feedback/last-synced.svelte.ts';
import { putSyncState } from '../../../../web/src/lib/storage/index.ts';
import { openFresh } from '../storage/storage-fixtures.ts';

describe('LastSynced', () => {
  it('takes the newest stored sync time over all accounts', async () => {
    const db = await openFresh();
    await putSyncState(db, { accountId: 'a', lastSyncAt: 100, lastErrorCode: null });
    await putSyncState(db, { accountId: 'b', lastSyncAt: 300, lastErrorCode: 'POP3_ERR_AUTH' });
    await putSyncState(db, { accountId: 'c', lastSyncAt: null, lastErrorCode: null });
    const last = new LastSynced();
    await last.load(db, ['a', 'b', 'c', 'missing']);
    expect(last.at).toBe(300);
    db.close();
  });

  it('moves forward on a newer sync and never back', () => {
    const last = new LastSynced();
    expect(last.at).toBeNull();
    last.record(200);
    last.record(100);
    expect(last.at).toBe(200);
  });
});
