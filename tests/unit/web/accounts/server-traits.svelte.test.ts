import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ServerTraits } from '../../../../web/src/lib/accounts/server-traits.svelte.ts';
import { openSatchelDB, putSyncState } from '../../../../web/src/lib/storage/index.ts';

describe('ServerTraits', () => {
  it('knows which accounts last synced with a server without UIDL, and forgets one that gained it', async () => {
    const db = await openSatchelDB({ name: `traits-${Math.random()}` });
    await putSyncState(db, { accountId: 'a', lastSyncAt: 1, lastErrorCode: null, serverHasNoUidl: true });
    await putSyncState(db, { accountId: 'b', lastSyncAt: 1, lastErrorCode: null });
    const traits = new ServerTraits();
    await traits.load(db, ['a', 'b', 'c']);
    expect([traits.hasNoUidl('a'), traits.hasNoUidl('b'), traits.hasNoUidl('c')]).toEqual([true, false, false]);

    await putSyncState(db, { accountId: 'a', lastSyncAt: 2, lastErrorCode: null });
    await traits.load(db, ['a', 'b', 'c']);
    expect(traits.hasNoUidl('a')).toBe(false);
  });
});
