/**
 * The app's real sync (runSync, fake-indexeddb, the resumable tunnel through the real bridge)
 * against each of the four real servers loaded with the shared corpus. Every message the
 * server serves is stored whole, byte for byte as its RETR delivers it (to a client that sent
 * UTF8 where offered, as the sync does), under its UIDL or, where the server gives none that
 * can key it, under a digest of its headers; and a second sync downloads nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Session } from '../../../shared/pop3/index.ts';
import { messageAsServed } from '../../../shared/sync/index.ts';
import { getMessageBody, type SatchelDatabase } from '../../../web/src/lib/storage/index.ts';
import { digestKey } from '../../../web/src/lib/sync/engine/keyless-messages.ts';
import { runSync } from '../../../web/src/lib/sync/engine/run-sync.ts';
import type { SyncSummary } from '../../../web/src/lib/sync/sync-messages.ts';
import { startTestBridge } from '../../support/bridge-fixture.ts';
import { loadCorpus, type CorpusMessage } from '../../support/corpus.ts';
import { startCourier } from '../../support/courier-harness.ts';
import { startCyrus } from '../../support/cyrus-harness.ts';
import { startDovecot } from '../../support/dovecot-harness.ts';
import { startPopa3d } from '../../support/popa3d-harness.ts';
import { connectTcp } from '../../support/node-byte-channel.ts';
import { downloadDirect, type MailboxDownload } from '../../support/pop3-server-survey.ts';
import { account, channelOpener, freshDb, PASSWORD, settings } from '../web-sync/run-sync-fixture.ts';

const USER = 'reader';

interface RunningServer {
  host: string;
  port: number;
  caCertFile: string | null;
  stop(): Promise<void>;
}

const SERVERS: Array<{ name: string; start: (messages: Uint8Array[]) => Promise<RunningServer> }> = [
  {
    name: 'Dovecot',
    start: async (messages) => {
      const server = await startDovecot({ users: [{ user: USER, password: PASSWORD, messages }] });
      return { host: server.host, port: server.pop3Port, caCertFile: server.pki.caCertFile, stop: () => server.stop() };
    },
  },
  {
    name: 'Courier',
    start: async (messages) => {
      const server = await startCourier({ users: [{ user: USER, password: PASSWORD, messages }] });
      return { host: server.host, port: server.pop3Port, caCertFile: server.pki.caCertFile, stop: () => server.stop() };
    },
  },
  {
    name: 'Cyrus',
    start: async (messages) => {
      const server = await startCyrus({ users: [{ user: USER, password: PASSWORD, messages }] });
      return { host: server.host, port: server.pop3Port, caCertFile: server.pki.caCertFile, stop: () => server.stop() };
    },
  },
  {
    name: 'popa3d',
    start: async (messages) => {
      const server = await startPopa3d({ users: [{ user: USER, password: PASSWORD, messages }] });
      return { host: server.host, port: server.pop3Port, caCertFile: null, stop: () => server.stop() };
    },
  },
];

/**
 * The key the sync should store each served message under, and the bytes it should store. A
 * message without a usable UIDL is keyed as keyless-messages.ts says: by its TOP n 0 answer
 * and size, or by its whole content where another message has the same TOP n 0 and size.
 */
async function expectedStore(served: MailboxDownload, server: RunningServer): Promise<Map<string, Uint8Array>> {
  const uidl = served.uidl instanceof Map ? served.uidl : new Map<number, string>();
  const counts = new Map<string, number>();
  for (const uid of uidl.values()) counts.set(uid, (counts.get(uid) ?? 0) + 1);
  const keyless = [...served.messages.keys()].filter((msg) => counts.get(uidl.get(msg) ?? '') !== 1);
  const headerKeys = new Map<number, string>();
  if (keyless.length > 0) {
    const session = new Pop3Session(await connectTcp(server.host, server.port, { timeoutMs: 30_000 }));
    await session.open();
    await session.login({ user: USER, password: PASSWORD, mechanism: 'USER' });
    const tops = new Map<number, Uint8Array>();
    await session.topMany(keyless, 0, (msg, bytes) => void tops.set(msg, bytes));
    await session.quit();
    for (const [msg, top] of tops) headerKeys.set(msg, await digestKey(top, served.sizes.get(msg)!));
  }
  const sharing = new Map<string, number>();
  for (const key of headerKeys.values()) sharing.set(key, (sharing.get(key) ?? 0) + 1);
  const expected = new Map<string, Uint8Array>();
  for (const [msg, bytes] of served.messages) {
    const size = served.sizes.get(msg)!;
    const headerKey = headerKeys.get(msg);
    const key = headerKey === undefined ? uidl.get(msg)! : sharing.get(headerKey) === 1 ? headerKey : await digestKey(bytes, size, 'whole');
    // The first of two identical messages is the one kept.
    if (!expected.has(key)) expected.set(key, messageAsServed(bytes, size).bytes);
  }
  return expected;
}

let corpus: CorpusMessage[];
beforeAll(async () => {
  corpus = await loadCorpus();
});

const figures: Record<string, unknown> = {};
afterAll(() => {
  console.log(JSON.stringify({ appSyncEveryServer: figures }));
});

for (const { name, start } of SERVERS) {
  describe(`the app's sync against ${name} with the shared corpus`, () => {
    let server: RunningServer;
    let bridge: Awaited<ReturnType<typeof startTestBridge>>;
    let served: MailboxDownload;

    beforeAll(async () => {
      server = await start(corpus.map((m) => m.bytes));
      bridge = await startTestBridge(server.caCertFile ?? '/dev/null', [{ name: 'server', label: name, host: server.host, port: server.port, tls: 'plaintext', allowLocal: true }]);
      served = await downloadDirect(server.host, server.port, { user: USER, password: PASSWORD }, { utf8: true });
    }, 120_000);

    afterAll(async () => {
      await bridge?.close();
      await server?.stop();
    });

    it('stores every message whole as the server serves it, and a second sync downloads nothing', async () => {
      const db: SatchelDatabase = await freshDb();
      try {
        const sync = (): Promise<SyncSummary> => runSync({ openChannel: channelOpener(bridge.tunnelUrl, 'server', 60_000), db, account: account(USER), password: PASSWORD, settings: settings(), onUpdate: () => undefined });
        const started = performance.now();
        const first = await sync();
        const firstMs = Math.round(performance.now() - started);
        const expected = await expectedStore(served, server);
        const stored = await db.getAll('messages', IDBKeyRange.bound([`acct-${USER}`], [`acct-${USER}`, []]));
        const differing: string[] = [];
        for (const [key, bytes] of expected) {
          const body = await getMessageBody(db, `acct-${USER}`, key);
          if (!(body instanceof Uint8Array) || Buffer.compare(Buffer.from(body), Buffer.from(bytes)) !== 0) differing.push(key);
        }
        expect(differing, `${differing.length} messages stored otherwise than served`).toEqual([]);
        expect(stored.filter((m) => m.state === 'complete')).toHaveLength(expected.size);
        expect(stored).toHaveLength(expected.size);

        const second = await sync();
        expect(second).toMatchObject({ headersStored: 0, bodiesStored: 0, bodiesFailed: [] });
        figures[name] = {
          served: served.messages.size,
          stored: expected.size,
          keyless: first.keyless,
          listSizeDisagreements: first.sizeMismatches.length,
          firstSyncMs: firstMs,
          secondSyncBytes: second.bytesReceived,
        };
      } finally {
        db.close();
      }
    }, 180_000);
  });
}
