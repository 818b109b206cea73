import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Session } from '../../shared/pop3/index.ts';
import { completeMessage } from '../../shared/sync/index.ts';
import { loadCorpus } from '../support/corpus.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot-harness.ts';
import { connectTcp } from '../support/node-byte-channel.ts';
import { openTunnel } from '../support/ws-tunnel-channel.ts';
import { dovecotTargets, startTestBridge, TEST_ORIGIN } from '../support/bridge-fixture.ts';

const USER = 'reader';
const PASSWORD = 'correct horse battery staple';

let dovecot: DovecotServer;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;
let corpusCount = 0;
/** What Dovecot serves for each message number, fetched straight over plain TCP. */
let direct: Map<number, Uint8Array>;

async function fetchAllDirect(): Promise<Map<number, Uint8Array>> {
  const session = new Pop3Session(await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 20_000 }));
  await session.open();
  await session.login({ user: USER, password: PASSWORD, mechanism: 'USER' });
  const listing = await session.list();
  const messages = new Map<number, Uint8Array>();
  for (const { msg } of listing) messages.set(msg, await session.retr(msg));
  await session.quit();
  return messages;
}

async function fetchAllThroughBridge(target: string, pipelineWindow: number, mechanism: 'PLAIN' | 'USER') {
  const { ready, channel, wireBytes } = await openTunnel(bridge.tunnelUrl, target, { origin: TEST_ORIGIN, timeoutMs: 20_000 });
  const session = new Pop3Session(channel, { greeting: ready.greeting === 'consumed' ? 'none' : 'expect', pipelineWindow });
  await session.open();
  await session.login({ user: USER, password: PASSWORD, mechanism });
  const listing = await session.list();
  const sizes = new Map(listing.map((entry) => [entry.msg, entry.size]));
  const messages = new Map<number, Uint8Array>();
  await session.retrMany(
    listing.map((entry) => entry.msg),
    (msg, bytes) => {
      messages.set(msg, bytes);
    },
  );
  await session.quit();
  return { ready, messages, sizes, wire: wireBytes() };
}

function expectSameBytes(actual: Map<number, Uint8Array>) {
  expect(actual.size).toBe(direct.size);
  const differing: number[] = [];
  for (const [msg, bytes] of direct) {
    const got = actual.get(msg);
    if (!got || Buffer.compare(Buffer.from(got), Buffer.from(bytes)) !== 0) differing.push(msg);
  }
  expect(differing).toEqual([]);
}

beforeAll(async () => {
  const corpus = await loadCorpus();
  corpusCount = corpus.length;
  dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD, messages: corpus.map((m) => m.bytes) }] });
  bridge = await startTestBridge(dovecot.pki.caCertFile, dovecotTargets(dovecot));
  direct = await fetchAllDirect();
});

afterAll(async () => {
  await bridge?.close();
  await dovecot?.stop();
});

describe('downloading the shared corpus through the bridge from a real Dovecot', () => {
  it('serves every corpus message from Dovecot', () => {
    expect(corpusCount).toBeGreaterThan(500);
    expect(direct.size).toBe(corpusCount);
  });

  it('downloads every message pipelined over implicit TLS, byte for byte as Dovecot serves it over plain TCP', async () => {
    const { ready, messages, sizes } = await fetchAllThroughBridge('dovecot-tls', 32, 'PLAIN');
    expect(ready.tls).toBe('implicit');
    expectSameBytes(messages);
    // DESIGN.md invariant 1: each message's size agrees with LIST, once a server-added final CRLF is dropped.
    for (const [msg, bytes] of messages) expect(completeMessage(bytes, sizes.get(msg) ?? -1).byteLength, `message ${msg}`).toBe(sizes.get(msg));
  });

  it('downloads every message one at a time over STLS done by the bridge, byte for byte', async () => {
    const { ready, messages } = await fetchAllThroughBridge('dovecot-stls', 1, 'USER');
    expect(ready).toMatchObject({ tls: 'starttls', greeting: 'consumed' });
    expectSameBytes(messages);
  });

  it('downloads every message over the plaintext loopback target with USER/PASS, byte for byte', async () => {
    const { ready, messages } = await fetchAllThroughBridge('dovecot-plain', 8, 'USER');
    expect(ready).toMatchObject({ tls: 'plaintext', greeting: 'relayed' });
    expectSameBytes(messages);
  });
});
