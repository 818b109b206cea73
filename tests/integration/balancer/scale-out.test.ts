// Three bridge processes behind HAProxy (the shipped template), a real Dovecot, and the app's
// sync code as clients: new tunnels are balanced, a resume goes back to the bridge that
// parked its session, and a dead bridge's clients resync through the others exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../../web/src/lib/sync/engine/run-sync.ts';
import { loadCorpus, type CorpusMessage } from '../../support/corpus.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { startLinkEmulator, type LinkEmulator } from '../../support/link-emulator.ts';
import { account, freshDb, PASSWORD, serverView, settings } from '../web-sync/run-sync-fixture.ts';
import { balancedChannel, balancerSocket, BRIDGE_IDS, logsOf, startScaleOut, storedExactly, type ClientEnd, type ScaleOut } from './balancer-fixture.ts';

let corpus: CorpusMessage[];
let dovecot: DovecotServer;
let scaleOut: ScaleOut;
const links: LinkEmulator[] = [];

/** The corpus's largest messages, so that a cut lands inside one. */
function largest(count: number): Uint8Array[] {
  return [...corpus].sort((a, b) => b.bytes.length - a.bytes.length).slice(0, count).map((m) => m.bytes);
}

beforeAll(async () => {
  corpus = await loadCorpus();
  const slice = (from: number, count: number) => corpus.slice(from, from + count).map((m) => m.bytes);
  dovecot = await startDovecot({
    users: [
      ...[1, 2, 3].map((n) => ({ user: `spread${n}`, password: PASSWORD, messages: slice(40 * n, 40) })),
      { user: 'cutter', password: PASSWORD, messages: largest(6) },
      ...[1, 2, 3].map((n) => ({ user: `kill${n}`, password: PASSWORD, messages: [...largest(12).slice(6 + n, 7 + n), ...slice(200 + 30 * n, 30)] })),
    ],
  });
  scaleOut = await startScaleOut(dovecot);
});

afterAll(async () => {
  await Promise.all(links.map((link) => link.close()));
  await scaleOut?.stop();
  await dovecot?.stop();
});

function end(extra: Partial<ClientEnd> = {}): ClientEnd {
  return { port: scaleOut.haproxy.port, ca: dovecot.pki.caCertPem, ...extra };
}

/** A link emulator in front of HAProxy: what the client's own link does. */
async function linkToBalancer(profile: { bandwidthBitsPerSecond?: number } = {}): Promise<LinkEmulator> {
  const link = await startLinkEmulator({ target: { host: '127.0.0.1', port: scaleOut.haproxy.port }, ...profile });
  links.push(link);
  return link;
}

/** The bridge's answer to a resume of an unknown session sent to `/tunnel?resume=<route>`. */
async function resumeThrough(route: string, sessionId: string): Promise<Record<string, unknown>> {
  const ws = balancerSocket(end({ localAddress: '127.0.0.9' }), `/tunnel?resume=${route}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'resume', v: 1, sessionId, token: `${route}.${'x'.repeat(43)}`, received: 0, sent: 0 }));
  const answer = await new Promise<Buffer>((resolve) => ws.once('message', resolve));
  ws.terminate();
  return JSON.parse(answer.toString('utf8')) as Record<string, unknown>;
}

describe('bridges behind HAProxy', () => {
  it('routes every resume to the bridge its URL names, whichever bridge least connections would pick', async () => {
    for (const id of BRIDGE_IDS) {
      for (let i = 0; i < 3; i++) {
        const sessionId = `routed-to-${id}-attempt-${i}`;
        expect(await resumeThrough(id, sessionId)).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_RESUME_EXPIRED' });
        const refusedBy = BRIDGE_IDS.filter((b) => logsOf(scaleOut.bridges.get(b)!, 'tunnel-resume-refused', sessionId).length > 0);
        expect(refusedBy).toEqual([id]);
      }
    }
  });

  it('balances several clients\' syncs over all three bridges, which count each client by its own address', async () => {
    const routes: string[][] = [[], [], []];
    const results = await Promise.all([1, 2, 3].map(async (n) => {
      const db = await freshDb();
      const summary = await runSync({ openChannel: balancedChannel(end({ localAddress: `127.0.0.${2 + n}` }), routes[n - 1]!), db, account: account(`spread${n}`), password: PASSWORD, settings: settings(), onUpdate: () => undefined });
      return { n, db, summary };
    }));
    for (const { n, db, summary } of results) {
      const server = await serverView(dovecot, `spread${n}`);
      expect(summary).toMatchObject({ onServer: 40, bodiesStored: 40 });
      expect(await storedExactly(db, `acct-spread${n}`, server)).toEqual({ uids: [...server.uids].sort(), differing: [] });
    }
    expect(new Set(routes.flat())).toEqual(new Set(BRIDGE_IDS));
    const clientAddresses = [...scaleOut.bridges.values()].flatMap((b) => logsOf(b, 'tunnel-accepted').map((e) => e.ip)).filter((ip) => ip !== '127.0.0.9');
    expect(new Set(clientAddresses)).toEqual(new Set(['127.0.0.3', '127.0.0.4', '127.0.0.5']));
  });

  it('resumes a link cut mid-message on the bridge that parked the session, and stores every byte once', async () => {
    const link = await linkToBalancer();
    const server = await serverView(dovecot, 'cutter');
    const total = [...server.bodies.values()].reduce((sum, b) => sum + b.size, 0);
    link.cutAfterBytes('down', Math.floor(total * 0.4));
    const routes: string[] = [];
    const db = await freshDb();
    const summary = await runSync({ openChannel: balancedChannel(end({ port: link.port }), routes), db, account: account('cutter'), password: PASSWORD, settings: settings(), onUpdate: () => undefined });
    expect(summary).toMatchObject({ onServer: 6, bodiesStored: 6 });
    expect(await storedExactly(db, 'acct-cutter', server)).toEqual({ uids: [...server.uids].sort(), differing: [] });

    expect(routes).toHaveLength(1);
    const holder = scaleOut.bridges.get(routes[0]!)!;
    const ready = logsOf(holder, 'tunnel-ready').at(-1)!;
    const resumed = logsOf(holder, 'tunnel-resumed', ready.id as string);
    expect(resumed).toHaveLength(1);
    // Mid-message: bytes the bridge had sent before the cut were replayed from its buffer.
    expect(resumed[0]!.replayed).toBeGreaterThan(0);
    for (const [id, other] of scaleOut.bridges) {
      if (id !== routes[0]) expect(other.logs.filter((e) => e.session === ready.id || e.id === ready.id)).toEqual([]);
    }
  });

  it('resyncs the clients of a killed bridge through the others, with nothing lost or duplicated', async () => {
    // 3 Mbit/s shared: each mailbox takes seconds, so the kill lands mid-sync.
    const link = await linkToBalancer({ bandwidthBitsPerSecond: 3_000_000 });
    const clients = [1, 2, 3].map((n) => ({ n, routes: [] as string[], db: freshDb() }));
    const firstRuns = clients.map(async (client) =>
      runSync({ openChannel: balancedChannel(end({ port: link.port }), client.routes), db: await client.db, account: account(`kill${client.n}`), password: PASSWORD, settings: settings(), onUpdate: () => undefined })
        .then(() => null, (error: unknown) => (error as { code?: string }).code ?? String(error)));
    await expect.poll(() => clients.every((c) => c.routes.length === 1), { timeout: 20_000 }).toBe(true);
    const victimId = clients[0]!.routes[0]!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await scaleOut.bridges.get(victimId)!.stop();
    const failures = await Promise.all(firstRuns);

    for (const [i, client] of clients.entries()) {
      const onVictim = client.routes[0] === victimId;
      expect({ client: client.n, failure: failures[i] }).toEqual({ client: client.n, failure: onVictim ? 'TUNNEL_ERR_RESUME_EXPIRED' : null });
      const db = await client.db;
      if (onVictim) {
        await runSync({ openChannel: balancedChannel(end({ port: link.port }), client.routes), db, account: account(`kill${client.n}`), password: PASSWORD, settings: settings(), onUpdate: () => undefined });
        expect(client.routes[1]).not.toBe(victimId);
      }
      const server = await serverView(dovecot, `kill${client.n}`);
      expect(await storedExactly(db, `acct-kill${client.n}`, server)).toEqual({ uids: [...server.uids].sort(), differing: [] });
    }
  });
});
