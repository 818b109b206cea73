// The sync Worker host and the search index it keeps: committed batches are indexed, a
// 'search' message is answered with record keys, and a search that cannot run says why.
import { afterEach, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../../../../web/src/lib/search/query-parser.ts';
import type { AccountRecord, SatchelDatabase } from '../../../../../web/src/lib/storage/index.ts';
import { createSyncWorkerHost } from '../../../../../web/src/lib/sync/engine/sync-worker-host.ts';
import type { FromSyncWorker, SyncSettings, SyncSummary } from '../../../../../web/src/lib/sync/sync-messages.ts';
import { commit, mail, openFresh } from '../../search/search-fixtures.ts';

const account: AccountRecord = { id: 'acct-1', displayName: 'A', targetName: 't', userName: 'u', authMethod: 'user-pass', policy: { kind: 'leave' } };
const settings = {} as SyncSettings;
const opened: SatchelDatabase[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('sync worker host: search', () => {
  it('indexes what a sync commits and answers a search with its records, newest first', async () => {
    const db = await openFresh();
    opened.push(db);
    const posted: FromSyncWorker[] = [];
    const handle = createSyncWorkerHost({
      post: (message) => posted.push(message),
      openDb: async () => db,
      openChannel: () => Promise.reject(new Error('not used')),
      runSync: async (options) => {
        await commit(db, mail('u1', { body: 'a capybara', date: 1 }), mail('u2', { body: 'two capybaras and a capybara', date: 2 }));
        options.onUpdate({ type: 'stored', accountId: 'acct-1', uids: ['u1', 'u2'], state: 'complete', newestDate: 2, threadKeys: [] });
        return { accountId: 'acct-1' } as SyncSummary;
      },
    });
    handle({ type: 'sync', requestId: 's1', account, credentials: { password: 'p' }, settings });
    await expect.poll(() => posted.some((m) => m.type === 'finished')).toBe(true);
    handle({ type: 'search', requestId: 'q1', query: parseSearchQuery('capybara'), limit: 10 });
    await expect.poll(() => posted.find((m) => m.requestId === 'q1')).toMatchObject({ type: 'search-results', requestId: 'q1', records: [{ accountId: 'acct-1', uid: 'u2' }, { accountId: 'acct-1', uid: 'u1' }], complete: true, indexing: 0 });
  });

  it('answers search-failed with SEARCH_ERR_INDEX when the database cannot be opened', async () => {
    const posted: FromSyncWorker[] = [];
    const handle = createSyncWorkerHost({
      post: (message) => posted.push(message),
      openDb: () => Promise.reject(new Error('no IndexedDB here')),
      openChannel: () => Promise.reject(new Error('not used')),
    });
    handle({ type: 'search', requestId: 'q1', query: parseSearchQuery('anything'), limit: 10 });
    await expect.poll(() => posted[0]).toMatchObject({ type: 'search-failed', requestId: 'q1', code: 'SEARCH_ERR_INDEX' });
  });
});
