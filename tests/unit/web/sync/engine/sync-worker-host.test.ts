import { describe, expect, it } from 'vitest';
import type { AccountRecord, SatchelDatabase } from '../../../../../web/src/lib/storage/index.ts';
import type { RunSyncOptions } from '../../../../../web/src/lib/sync/engine/run-sync.ts';
import type { FromSyncWorker, SyncSettings, SyncSummary } from '../../../../../web/src/lib/sync/sync-messages.ts';
import { createSyncWorkerHost, tunnelUrlFor } from '../../../../../web/src/lib/sync/engine/sync-worker-host.ts';

const account: AccountRecord = { id: 'a1', displayName: 'A', targetName: 't', userName: 'u', authMethod: 'user-pass', policy: { kind: 'leave' } };
const settings = {} as SyncSettings;
const SECRET = 'hunter2-secret';

function host(runSync: (o: RunSyncOptions) => Promise<SyncSummary>) {
  const posted: FromSyncWorker[] = [];
  const handle = createSyncWorkerHost({
    post: (m) => posted.push(m),
    openDb: async () => ({}) as SatchelDatabase,
    openChannel: () => Promise.reject(new Error('not used')),
    runSync,
  });
  return { posted, handle };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('sync worker host', () => {
  it('passes updates through with the request id and ends with finished, never echoing the password', async () => {
    const { posted, handle } = host(async (o) => {
      expect(o.password).toBe(SECRET);
      o.onUpdate({ type: 'stored', accountId: 'a1', uids: ['x'], state: 'header', newestDate: 5, threadKeys: ['x'] });
      return { accountId: 'a1' } as SyncSummary;
    });
    handle({ type: 'sync', requestId: 'r1', account, credentials: { password: SECRET }, settings });
    await tick();
    expect(posted).toEqual([
      { type: 'stored', requestId: 'r1', accountId: 'a1', uids: ['x'], state: 'header', newestDate: 5, threadKeys: ['x'] },
      { type: 'finished', requestId: 'r1', summary: { accountId: 'a1' } },
    ]);
    expect(JSON.stringify(posted)).not.toContain(SECRET);
  });

  it('refuses a second sync of the same account while one runs', async () => {
    const { posted, handle } = host(() => new Promise(() => undefined));
    handle({ type: 'sync', requestId: 'r1', account, credentials: { password: 'p' }, settings });
    handle({ type: 'sync', requestId: 'r2', account, credentials: { password: 'p' }, settings });
    await tick();
    expect(posted).toEqual([expect.objectContaining({ type: 'failed', requestId: 'r2', code: 'SYNC_ERR_ALREADY_RUNNING' })]);
  });

  it('aborts the run on cancel and reports SYNC_ERR_CANCELLED', async () => {
    const { posted, handle } = host((o) => new Promise((_, reject) => o.signal!.addEventListener('abort', () => reject(new Error('closed')))));
    handle({ type: 'sync', requestId: 'r1', account, credentials: { password: 'p' }, settings });
    await tick();
    handle({ type: 'cancel', requestId: 'r1' });
    await tick();
    expect(posted).toEqual([expect.objectContaining({ type: 'failed', requestId: 'r1', accountId: 'a1', code: 'SYNC_ERR_CANCELLED' })]);
  });

  it('reports an unexpected error as SYNC_ERR_INTERNAL and a layer error with its own code', async () => {
    const { posted, handle } = host(async () => {
      throw Object.assign(new Error('x'), { code: 'STORAGE_ERR_QUOTA' });
    });
    handle({ type: 'sync', requestId: 'r1', account, credentials: { password: 'p' }, settings });
    await tick();
    expect(posted[0]).toMatchObject({ type: 'failed', code: 'STORAGE_ERR_QUOTA' });
    const other = host(async () => {
      throw new TypeError('boom');
    });
    other.handle({ type: 'sync', requestId: 'r2', account, credentials: { password: 'p' }, settings });
    await tick();
    expect(other.posted[0]).toMatchObject({ type: 'failed', code: 'SYNC_ERR_INTERNAL' });
  });

  it('builds the tunnel URL from the page location, wss on https', () => {
    expect(tunnelUrlFor({ protocol: 'https:', host: 'mail.example.org' })).toBe('wss://mail.example.org/tunnel');
    expect(tunnelUrlFor({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/tunnel');
  });
});
