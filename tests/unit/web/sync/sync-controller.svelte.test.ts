import { describe, expect, it } from 'vitest';
import type { AccountRecord } from '../../../../web/src/lib/storage/index.ts';
import type { SyncSettings, SyncSummary } from '../../../../web/src/lib/sync/sync-messages.ts';
import { controllerWithFakeWorkers } from '../support/fake-sync-worker.ts';

const account: AccountRecord = { id: 'a1', displayName: 'A', targetName: 't', userName: 'u', authMethod: 'user-pass', policy: { kind: 'leave' } };
const settings: SyncSettings = { byteBudget: null, maxAutoDownloadSize: null, unmetered: true, storagePersistent: true, previewLines: 3, fetchUids: [] };

const setup = controllerWithFakeWorkers;

const summary: SyncSummary = {
  accountId: 'a1',
  onServer: 3,
  headersStored: 3,
  bodiesStored: 3,
  deletedOnServer: 0,
  deferred: 0,
  sizeMismatches: [],
  bodiesFailed: [],
  keyless: 0,
  keptOnServerBecause: null,
  bytesReceived: 300,
  startedAt: 1,
  finishedAt: 2,
};

describe('SyncController', () => {
  it('creates no worker until the first sync', () => {
    const { workers } = setup();
    expect(workers).toHaveLength(0);
  });

  it('posts the sync, tracks progress and resolves with the summary', async () => {
    const { controller, workers } = setup();
    const done = controller.sync(account, 'pw', settings);
    const [worker] = workers;
    const sent = worker!.posted[0]!;
    expect(sent).toMatchObject({ type: 'sync', account, credentials: { password: 'pw' }, settings });
    expect(controller.running).toBe(true);
    const progress = { accountId: 'a1', phase: 'bodies' as const, messagesDone: 1, messagesTotal: 3, bytesDone: 10, bytesTotal: 30 };
    worker!.answer({ type: 'progress', requestId: sent.requestId, progress });
    expect(controller.progress).toEqual(progress);
    worker!.answer({ type: 'finished', requestId: sent.requestId, summary });
    await expect(done).resolves.toEqual(summary);
    expect(controller.running).toBe(false);
    expect(controller.progress).toBeNull();
    expect(controller.lastSummary).toEqual(summary);
  });

  it('resolves a sync whose messages LIST gave other sizes for without an error: they were stored', async () => {
    const { controller, workers } = setup();
    const done = controller.sync(account, 'pw', settings);
    const { requestId } = workers[0]!.posted[0]!;
    const hinted = { ...summary, bodiesStored: 3, sizeMismatches: ['uid-2'] };
    workers[0]!.answer({ type: 'finished', requestId, summary: hinted });
    await expect(done).resolves.toEqual(hinted);
    expect(controller.lastError).toBeNull();
    expect(controller.lastSummary).toEqual(hinted);
  });

  it('rejects with the code as data and keeps it as lastError', async () => {
    const { controller, workers } = setup();
    const done = controller.sync(account, 'pw', settings);
    const { requestId } = workers[0]!.posted[0]!;
    workers[0]!.answer({ type: 'failed', requestId, accountId: 'a1', code: 'POP3_ERR_AUTH', message: 'no' });
    await expect(done).rejects.toEqual({ accountId: 'a1', code: 'POP3_ERR_AUTH', message: 'no' });
    expect(controller.lastError).toEqual({ accountId: 'a1', code: 'POP3_ERR_AUTH', message: 'no' });
  });

  it('tells stored listeners which UIDLs were committed, until they unsubscribe', () => {
    const { controller, workers } = setup();
    void controller.sync(account, 'pw', settings);
    const { requestId } = workers[0]!.posted[0]!;
    const heard: unknown[] = [];
    const off = controller.onStored((...args) => heard.push(args));
    workers[0]!.answer({ type: 'stored', requestId, accountId: 'a1', uids: ['u1', 'u2'], state: 'complete', newestDate: 7, threadKeys: ['u1'] });
    off();
    workers[0]!.answer({ type: 'stored', requestId, accountId: 'a1', uids: ['u3'], state: 'complete', newestDate: 8, threadKeys: ['u3'] });
    expect(heard).toEqual([[{ accountId: 'a1', uids: ['u1', 'u2'], state: 'complete', newestDate: 7, threadKeys: ['u1'] }]]);
  });

  it('returns the running promise instead of starting a second sync of the same account', () => {
    const { controller, workers } = setup();
    const first = controller.sync(account, 'pw', settings);
    expect(controller.sync(account, 'pw', settings)).toBe(first);
    expect(workers[0]!.posted).toHaveLength(1);
  });

  it('sends cancel with the request id of the account\'s sync', () => {
    const { controller, workers } = setup();
    void controller.sync(account, 'pw', settings).catch(() => undefined);
    controller.cancel('a1');
    expect(workers[0]!.posted[1]).toEqual({ type: 'cancel', requestId: workers[0]!.posted[0]!.requestId });
  });

  it('rejects pending syncs with SYNC_ERR_WORKER when the worker crashes, and starts a new worker next time', async () => {
    const { controller, workers } = setup();
    const done = controller.sync(account, 'pw', settings);
    workers[0]!.dispatchEvent(new Event('error', { cancelable: true }));
    await expect(done).rejects.toMatchObject({ code: 'SYNC_ERR_WORKER' });
    expect(workers[0]!.terminated).toBe(true);
    void controller.sync(account, 'pw', settings);
    expect(workers).toHaveLength(2);
  });
});
