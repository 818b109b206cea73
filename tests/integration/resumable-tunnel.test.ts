/**
 * The resumable tunnel end to end: a real Dovecot over implicit TLS, the real bridge, and the
 * link emulator between the client and the bridge (client → emulator → bridge), which cuts
 * or stalls the link on cue. The client is shared/tunnel's openResumableTunnel over `ws`,
 * driven by shared/pop3's Pop3Session exactly as the sync worker would drive it.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Session, type ByteChannel } from '../../shared/pop3/index.ts';
import { TunnelError, openResumableTunnel, parseBridgeMessage, type BridgeMessage, type ResumableTunnelOptions } from '../../shared/tunnel/index.ts';
import { dovecotTargets, startTestBridge, TEST_ORIGIN } from '../support/bridge-fixture.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot-harness.ts';
import { generateMailbox } from '../support/generated-mail.ts';
import { startLinkEmulator, type LinkEmulator } from '../support/link-emulator.ts';
import { connectTcp } from '../support/node-byte-channel.ts';

const USER = 'traveller';
const PASSWORD = 'on the night train';
/** Short, so the expiry case runs in seconds; the other cases resume well within it. */
const GRACE_MS = 2_500;
/** Message 2 carries a 1–2 MB attachment (about 1.3–2.7 MB as POP3 bytes). */
const mail = generateMailbox({ count: 3, seed: 4, largeEvery: 2 });

let dovecot: DovecotServer;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;
let link: LinkEmulator;
const logs: Array<Record<string, unknown>> = [];
/** What Dovecot serves for each message, fetched over plain TCP with no tunnel in between. */
let direct: Map<number, Uint8Array>;

async function directSession(): Promise<Pop3Session> {
  const session = new Pop3Session(await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 20_000 }));
  await session.open();
  await session.login({ user: USER, password: PASSWORD, mechanism: 'USER' });
  return session;
}

/** Counts the POP3 bytes the session actually consumed, to hold payloadReceived against. */
function counting(channel: ByteChannel): ByteChannel & { consumed(): number } {
  let consumed = 0;
  return {
    write: (bytes) => channel.write(bytes),
    read: async () => {
      const bytes = await channel.read();
      consumed += bytes?.byteLength ?? 0;
      return bytes;
    },
    close: () => channel.close(),
    consumed: () => consumed,
  };
}

function options(overrides: Partial<ResumableTunnelOptions> = {}): ResumableTunnelOptions {
  return {
    url: `ws://127.0.0.1:${link.port}/tunnel`,
    target: 'dovecot-tls',
    // No compression here: the point is to count POP3 bytes over the weak link, not deflate's gain.
    createWebSocket: (url) => new WebSocket(url, { origin: TEST_ORIGIN, perMessageDeflate: false }),
    backoff: { initialMs: 50, maxMs: 400, jitter: 1 },
    maxReconnectMs: 20_000,
    stallTimeoutMs: 2_000,
    ackIntervalMs: 200,
    ...overrides,
  };
}

async function openMailbox(overrides: Partial<ResumableTunnelOptions> = {}) {
  const tunnel = await openResumableTunnel(options(overrides));
  const channel = counting(tunnel.channel);
  const session = new Pop3Session(channel);
  await session.open();
  await session.login({ user: USER, password: PASSWORD, mechanism: 'PLAIN' });
  return { tunnel, channel, session };
}

/** Resolves once `n` more bytes have gone down the link than when it was called. */
async function afterDownBytes(n: number): Promise<void> {
  const start = link.bytes().down;
  while (link.bytes().down - start < n) await new Promise((resolve) => setTimeout(resolve, 2));
}

function sameBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(actual), Buffer.from(expected)) === 0;
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD, messages: mail }] });
  bridge = await startTestBridge(dovecot.pki.caCertFile, dovecotTargets(dovecot), { limits: { resumeGraceMs: GRACE_MS } }, logs);
  link = await startLinkEmulator({ target: { host: '127.0.0.1', port: bridge.port } });
  const session = await directSession();
  direct = new Map();
  for (const { msg } of await session.list()) direct.set(msg, await session.retr(msg));
  await session.quit();
});

afterAll(async () => {
  await link?.close();
  await bridge?.close();
  await dovecot?.stop();
});

describe('a resumable tunnel through a link that drops', () => {
  it('continues a message cut in the middle where it stopped, downloading none of it twice', async () => {
    const { tunnel, channel, session } = await openMailbox();
    expect(tunnel.ready.resume?.sessionId).toBeTruthy();
    const size = direct.get(2)!.byteLength;
    expect(size).toBeGreaterThan(1_000_000);

    const downBefore = link.bytes().down;
    link.cutAfterBytes('down', Math.floor(size / 2));
    const message = await session.retr(2);
    const downForMessage = link.bytes().down - downBefore;
    await session.quit();

    expect(sameBytes(message, direct.get(2)!)).toBe(true);
    const stats = tunnel.stats();
    expect(stats.reconnects).toBeGreaterThanOrEqual(1);
    // Every POP3 byte reached the session exactly once.
    expect(stats.payloadReceived).toBe(channel.consumed());
    // Over the link: the message once, plus framing, a WebSocket upgrade and a few control
    // messages, and at most one WebSocket frame lost mid-flight at the cut. A restart of the
    // message would be about 1.5 × its size.
    expect(downForMessage).toBeGreaterThan(size);
    expect(downForMessage).toBeLessThan(size * 1.05);
    const resumed = logs.find((entry) => entry.event === 'tunnel-resumed' && entry.id === tunnel.ready.resume?.sessionId);
    expect(resumed).toBeDefined();
    if (process.env.SATCHEL_FIGURES) console.log(JSON.stringify({ size, downForMessage, payloadReceived: stats.payloadReceived, wireReceived: stats.wireReceived, reconnects: stats.reconnects, bridgeReplayed: resumed!.replayed, bridgeLostInFlight: resumed!.lost }));
  });

  it('resumes after a stall shorter than the grace period that the client gave up on', async () => {
    const { tunnel, channel, session } = await openMailbox({ stallTimeoutMs: 300 });
    link.setProfile({ bandwidthBitsPerSecond: 40_000_000 });
    try {
      const retr = session.retr(2);
      await afterDownBytes(400_000);
      link.stall(1_000);
      const message = await retr;
      expect(sameBytes(message, direct.get(2)!)).toBe(true);
      expect(tunnel.stats().reconnects).toBeGreaterThanOrEqual(1);
      expect(tunnel.stats().payloadReceived).toBe(channel.consumed());
      // The same session goes on: another command after the resume.
      expect(sameBytes(await session.retr(1), direct.get(1)!)).toBe(true);
      await session.quit();
    } finally {
      link.setProfile({ bandwidthBitsPerSecond: Infinity });
    }
  });

  it("counts the server's silence for serverSilentForMs, never the link's: 0 while the link stalls, from 0 again after the resume", async () => {
    // Heartbeats every 200 ms keep a live link heard well within the 1 s stall timeout.
    const { tunnel } = await openMailbox({ stallTimeoutMs: 1_000 });
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    expect(tunnel.serverSilentForMs()).toBe(0); // no read waits
    const waiting = tunnel.channel.read(); // nothing was asked: Dovecot stays silent
    await sleep(800);
    expect(tunnel.serverSilentForMs()).toBeGreaterThanOrEqual(500);
    link.stall(2_000);
    await sleep(800);
    expect(tunnel.serverSilentForMs()).toBe(0); // the bridge is not heard: the silence may be the link's
    while (tunnel.stats().reconnects === 0) await sleep(20);
    await sleep(100);
    expect(tunnel.serverSilentForMs()).toBeLessThan(800); // counted from the resume, not from the read
    tunnel.channel.close();
    expect(await waiting).toBeNull();
  });

  it('reports TUNNEL_ERR_RESUME_EXPIRED after the grace period, and the server has deleted nothing', async () => {
    const { session } = await openMailbox({ stallTimeoutMs: 60_000 });
    // Marked for deletion, but with no QUIT there is no UPDATE state (RFC 1939 §6).
    await session.dele(1);
    link.cutAll();
    // The client's resume is held on the link until the bridge has given up the session.
    link.stall(GRACE_MS + 1_500);
    const error = await session.noop().then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TunnelError);
    expect((error as TunnelError).code).toBe('TUNNEL_ERR_RESUME_EXPIRED');

    // A normal resync converges: all three messages are still there, unchanged.
    const fresh = await directSession();
    const listing = await fresh.list();
    expect(listing.map((entry) => entry.msg)).toEqual([1, 2, 3]);
    expect(sameBytes(await fresh.retr(1), direct.get(1)!)).toBe(true);
    await fresh.quit();
  });

  it('denies a resume with a wrong token without disturbing the real session', async () => {
    const { tunnel, session } = await openMailbox();
    const grant = tunnel.ready.resume!;
    const wrongToken = 'A'.repeat(43);
    const intruder = new WebSocket(`ws://127.0.0.1:${bridge.port}/tunnel`, { origin: TEST_ORIGIN });
    const answer = await new Promise<{ message: BridgeMessage; code: number; reason: string }>((resolve, reject) => {
      let message: BridgeMessage | undefined;
      intruder.on('open', () => intruder.send(JSON.stringify({ type: 'resume', v: 1, sessionId: grant.sessionId, token: wrongToken, received: 0, sent: 0 })));
      intruder.on('message', (data) => {
        message = parseBridgeMessage(String(data));
      });
      intruder.on('close', (code, reason) => (message ? resolve({ message, code, reason: reason.toString() }) : reject(new Error(`closed ${code} with no message`))));
    });
    expect(answer.message).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_RESUME_DENIED' });
    expect(answer).toMatchObject({ code: 4000, reason: 'TUNNEL_ERR_RESUME_DENIED' });

    // The real session did not notice.
    expect(sameBytes(await session.retr(3), direct.get(3)!)).toBe(true);
    expect(tunnel.stats().reconnects).toBe(0);
    await session.quit();

    expect(logs.some((entry) => entry.event === 'tunnel-resume-refused' && entry.code === 'TUNNEL_ERR_RESUME_DENIED' && entry.id === grant.sessionId)).toBe(true);
    const logText = JSON.stringify(logs);
    expect(logText).not.toContain(grant.token);
    expect(logText).not.toContain(wrongToken);
  });
});
