// runSync end to end in Node: fake-indexeddb, the real bridge, a real Dovecot with the shared
// corpus, and the link emulator to cut a sync mid-body.
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeMessage } from '../../../shared/sync/index.ts';
import { deleteLocally, getMessageBody, getSyncState, type SatchelDatabase } from '../../../web/src/lib/storage/index.ts';
import { runSync, type SyncUpdate } from '../../../web/src/lib/sync/engine/run-sync.ts';
import { dovecotTargets, startTestBridge } from '../../support/bridge-fixture.ts';
import { loadCorpus, type CorpusMessage } from '../../support/corpus.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { startLinkEmulator, type LinkEmulator } from '../../support/link-emulator.ts';
import { account, channelOpener, freshDb, PASSWORD, serverUids, serverView, settings } from './run-sync-fixture.ts';

const DAY_MS = 86_400_000;

let corpus: CorpusMessage[];
let dovecot: DovecotServer;
let link: LinkEmulator;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;

beforeAll(async () => {
  corpus = await loadCorpus();
  const some = (from: number, count: number) => corpus.slice(from, from + count).map((m) => m.bytes);
  dovecot = await startDovecot({
    users: [
      { user: 'reader', password: PASSWORD, messages: corpus.map((m) => m.bytes) },
      { user: 'cutter', password: PASSWORD, messages: some(100, 120) },
      { user: 'deleter', password: PASSWORD, messages: some(300, 12) },
      { user: 'ager', password: PASSWORD, messages: some(320, 8) },
      { user: 'keeper', password: PASSWORD, messages: some(340, 6) },
    ],
  });
  link = await startLinkEmulator({ target: { host: '127.0.0.1', port: dovecot.pop3Port } });
  bridge = await startTestBridge(dovecot.pki.caCertFile, [
    ...dovecotTargets(dovecot),
    { name: 'dovecot-link', label: 'Dovecot behind the link emulator', host: '127.0.0.1', port: link.port, tls: 'plaintext', allowLocal: true },
  ]);
});

afterAll(async () => {
  await bridge?.close();
  await link?.close();
  await dovecot?.stop();
});

async function storedUids(db: SatchelDatabase, accountId: string, state?: 'header' | 'complete'): Promise<string[]> {
  const all = await db.getAll('messages', IDBKeyRange.bound([accountId], [accountId, []]));
  return all.filter((m) => state === undefined || m.state === state).map((m) => m.uid);
}

/** Every complete message stored equals what Dovecot serves for its UIDL (after completeMessage). */
async function expectCompleteCopiesExact(db: SatchelDatabase, accountId: string, server: Awaited<ReturnType<typeof serverView>>): Promise<number> {
  const differing: string[] = [];
  const complete = await storedUids(db, accountId, 'complete');
  for (const uid of complete) {
    const served = server.bodies.get(uid);
    const stored = await getMessageBody(db, accountId, uid);
    const expected = served === undefined ? undefined : completeMessage(served.bytes, served.size);
    if (expected === undefined || !(stored instanceof Uint8Array) || Buffer.compare(Buffer.from(stored), Buffer.from(expected)) !== 0) differing.push(uid);
  }
  expect(differing).toEqual([]);
  return complete.length;
}

describe('runSync against a real Dovecot through the real bridge', () => {
  let db: SatchelDatabase;
  const updates: SyncUpdate[] = [];

  it('stores every corpus message once, byte for byte as Dovecot serves it, headers before bodies', async () => {
    db = await freshDb();
    const started = performance.now();
    const summary = await runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-tls'), db, account: account('reader'), password: PASSWORD, settings: settings(), onUpdate: (u) => updates.push(u) });
    const elapsed = performance.now() - started;
    expect(summary).toMatchObject({ onServer: corpus.length, headersStored: corpus.length, bodiesStored: corpus.length, deletedOnServer: 0, deferred: 0 });
    expect(await db.count('messages')).toBe(corpus.length);
    expect(await db.count('message-bodies')).toBe(corpus.length);
    const server = await serverView(dovecot, 'reader');
    expect(await expectCompleteCopiesExact(db, 'acct-reader', server)).toBe(corpus.length);

    // 'stored' events: every header batch precedes every body batch, and each UIDL is reported once per state.
    const stored = updates.filter((u) => u.type === 'stored');
    const firstComplete = stored.findIndex((u) => u.state === 'complete');
    expect(stored.slice(firstComplete).every((u) => u.state === 'complete')).toBe(true);
    expect(stored.filter((u) => u.state === 'complete').flatMap((u) => u.uids).sort()).toEqual([...server.uids].sort());
    // Batched commits: far fewer strict transactions than messages.
    expect(stored.length).toBeLessThan(corpus.length / 4);
    // Each names the conversations it wrote, so a list of them reads its rows only when it must.
    const rows = new Set((await db.getAll('threads')).map((row) => row.threadKey));
    const named = new Set(stored.flatMap((u) => u.threadKeys));
    expect([...rows].filter((key) => !named.has(key))).toEqual([]);
    expect(summary.bytesReceived).toBeGreaterThan([...server.bodies.values()].reduce((s, b) => s + b.size, 0));
    console.info(`[run-sync] corpus first sync: ${corpus.length} messages, ${summary.bytesReceived} POP3 octets, ${stored.length} strict transactions, ${elapsed.toFixed(0)} ms`);
    expect(await getSyncState(db, 'acct-reader')).toMatchObject({ lastErrorCode: null, lastSyncAt: summary.finishedAt });
  });

  it('stores the subject and sender postal-mime reads from each corpus file, or the reason it could not', async () => {
    const server = await serverView(dovecot, 'reader');
    const differing: string[] = [];
    const unreadable: string[] = [];
    for (const [uid, { msg }] of server.bodies) {
      const record = await db.get('messages', ['acct-reader', uid]);
      // The harness delivers in order: corpus[0] is message 1.
      const parsed = await PostalMime.parse(corpus[msg - 1]!.bytes);
      const sender = parsed.from?.address ?? parsed.from?.group?.[0]?.address ?? null;
      if (record?.metadataIssue === 'SYNC_ERR_MESSAGE_UNREADABLE') unreadable.push(corpus[msg - 1]!.name);
      else if (record?.subject !== (parsed.subject ?? '') || (record?.from?.address ?? null) !== sender) differing.push(corpus[msg - 1]!.name);
    }
    expect(differing).toEqual([]);
    // Built to have giant header blocks (136 and 210 KB): the sync reads 64 KiB of headers.
    expect(unreadable.sort()).toEqual(['flanker/tests/fixtures/messages/long-header.eml', 'mimekit/UnitTests/TestData/messages/stack-overflow.txt']);
  });

  it('downloads nothing on a second sync', async () => {
    const progress: SyncUpdate[] = [];
    const summary = await runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-plain'), db, account: account('reader'), password: PASSWORD, settings: settings(), onUpdate: (u) => progress.push(u) });
    expect(summary).toMatchObject({ onServer: corpus.length, headersStored: 0, bodiesStored: 0 });
    expect(progress.filter((u) => u.type === 'stored')).toEqual([]);
    expect(await db.count('messages')).toBe(corpus.length);
    // Greeting, CAPA, login, LIST and UIDL only: no message bytes.
    expect(summary.bytesReceived).toBeLessThan(60_000);
  });
});

describe('runSync when the link is cut mid-body', () => {
  it('keeps only whole committed messages, and the next sync converges to the server set without duplicates', async () => {
    const db = await freshDb();
    const server = await serverView(dovecot, 'cutter');
    const total = [...server.bodies.values()].reduce((s, b) => s + b.bytes.byteLength, 0);
    // Past the headers phase (TOP n 3 of 120 messages is far less), inside the bodies.
    link.cutAfterBytes('down', Math.floor(total * 0.6));
    const cut = runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-link'), db, account: account('cutter'), password: PASSWORD, settings: settings(), onUpdate: () => undefined, batch: { maxMessages: 8 } });
    const failure = await cut.then(() => null, (error: unknown) => error as { code: string });
    expect(failure?.code).toMatch(/^(TUNNEL_ERR_|POP3_ERR_EOF)/);
    expect((await getSyncState(db, 'acct-cutter'))?.lastErrorCode).toBe(failure?.code);

    const completeAfterCut = await expectCompleteCopiesExact(db, 'acct-cutter', server);
    expect(completeAfterCut).toBeGreaterThan(0);
    expect(completeAfterCut).toBeLessThan(server.uids.length);
    // Every listed message at least has its headers: the inbox is whole, the bodies are not.
    expect((await storedUids(db, 'acct-cutter')).sort()).toEqual([...server.uids].sort());

    const summary = await runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-link'), db, account: account('cutter'), password: PASSWORD, settings: settings(), onUpdate: () => undefined });
    expect(summary).toMatchObject({ headersStored: 0, bodiesStored: server.uids.length - completeAfterCut });
    expect(await expectCompleteCopiesExact(db, 'acct-cutter', server)).toBe(server.uids.length);
    expect(await db.count('messages')).toBe(server.uids.length);
    expect(await db.count('message-bodies')).toBe(server.uids.length);
  });
});

describe('runSync deletions on the server (DESIGN.md invariant 2)', () => {
  it('under delete-when-deleted-here, DELEs only messages deleted here after an earlier sync committed them', async () => {
    const db = await freshDb();
    const acct = account('deleter', { kind: 'delete-when-deleted-here' });
    const before = await serverUids(dovecot, 'deleter');
    const first = await runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-plain'), db, account: acct, password: PASSWORD, settings: settings(), onUpdate: () => undefined });
    expect(first.deletedOnServer).toBe(0);
    expect(await serverUids(dovecot, 'deleter')).toEqual(before);

    const chosen = before.slice(2, 5);
    for (const uid of chosen) await deleteLocally(db, acct.id, uid);
    const second = await runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-plain'), db, account: acct, password: PASSWORD, settings: settings(), onUpdate: () => undefined });
    expect(second.deletedOnServer).toBe(3);
    const after = await serverUids(dovecot, 'deleter');
    expect(after).toEqual(before.filter((uid) => !chosen.includes(uid)));
    for (const uid of chosen) expect(await db.get('messages', [acct.id, uid])).toMatchObject({ state: 'complete', deletedLocally: true });
  });

  it('under delete-after-days, never deletes a message in the sync that first stores it', async () => {
    const db = await freshDb();
    const acct = account('ager', { kind: 'delete-after-days', days: 0 });
    const t0 = Date.UTC(2026, 0, 1);
    const original = await serverUids(dovecot, 'ager');
    // Days 0: everything committed is due at once, so only "committed before" protects new mail.
    const first = await runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-plain'), db, account: acct, password: PASSWORD, settings: settings(), now: () => t0, onUpdate: () => undefined });
    expect(first).toMatchObject({ bodiesStored: original.length, deletedOnServer: 0 });
    expect(await serverUids(dovecot, 'ager')).toEqual(original);

    await dovecot.deliver('ager', corpus[400]!.bytes);
    await dovecot.deliver('ager', corpus[401]!.bytes);
    const withNew = await serverUids(dovecot, 'ager');
    const fresh = withNew.filter((uid) => !original.includes(uid));
    expect(fresh).toHaveLength(2);

    const second = await runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-plain'), db, account: acct, password: PASSWORD, settings: settings(), now: () => t0 + DAY_MS, onUpdate: () => undefined });
    expect(second).toMatchObject({ bodiesStored: 2, deletedOnServer: original.length });
    const remaining = await serverUids(dovecot, 'ager');
    expect(remaining).toEqual(fresh);
    // Nothing is gone from the server that is not committed whole here.
    for (const uid of withNew.filter((u) => !remaining.includes(u))) expect(await db.get('messages', [acct.id, uid])).toMatchObject({ state: 'complete' });
  });

  it('deletes nothing when storage is not persistent, and the summary says why', async () => {
    const db = await freshDb();
    const acct = account('keeper', { kind: 'delete-after-days', days: 0 });
    const original = await serverUids(dovecot, 'keeper');
    const opts = { openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-plain'), db, account: acct, password: PASSWORD, settings: settings({ storagePersistent: false }), onUpdate: () => undefined };
    await runSync(opts);
    const second = await runSync({ ...opts, now: () => Date.now() + 365 * DAY_MS });
    expect(second).toMatchObject({ deletedOnServer: 0, keptOnServerBecause: 'storage-not-persistent' });
    expect(await serverUids(dovecot, 'keeper')).toEqual(original);
  });
});

describe('runSync failures', () => {
  it('fails with POP3_ERR_AUTH on a wrong password and records the code', async () => {
    const db = await freshDb();
    const result = runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-plain'), db, account: account('keeper'), password: 'wrong', settings: settings(), onUpdate: () => undefined });
    await expect(result).rejects.toMatchObject({ code: 'POP3_ERR_AUTH' });
    expect(await getSyncState(db, 'acct-keeper')).toEqual({ accountId: 'acct-keeper', lastSyncAt: null, lastErrorCode: 'POP3_ERR_AUTH' });
  });

  it('fails with SYNC_ERR_CANCELLED when aborted, keeping nothing partial', async () => {
    const db = await freshDb();
    const controller = new AbortController();
    let stored = 0;
    const result = runSync({
      openChannel: channelOpener(bridge.tunnelUrl, 'dovecot-plain'), db, account: account('cutter'), password: PASSWORD, settings: settings(), signal: controller.signal, batch: { maxMessages: 4 },
      onUpdate: (u) => {
        if (u.type === 'stored' && u.state === 'complete' && ++stored === 2) controller.abort();
      },
    });
    await expect(result).rejects.toMatchObject({ code: 'SYNC_ERR_CANCELLED' });
    const server = await serverView(dovecot, 'cutter');
    const complete = await expectCompleteCopiesExact(db, 'acct-cutter', server);
    expect(complete).toBeGreaterThanOrEqual(8);
    expect(complete).toBeLessThan(server.uids.length);
  });
});
