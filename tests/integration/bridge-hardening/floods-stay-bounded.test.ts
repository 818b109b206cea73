/**
 * Every kind of message a client can send the bridge, sent as fast as the client can while it
 * never reads: the real bridge process (its memory read from /proc), a real Dovecot behind it.
 * Each flood must leave the bridge's resident memory within FLOOD_GROWTH_BOUND of where it
 * started and end the tunnel with a clear code (DESIGN.md invariant 10). The bound is the
 * bridge's own buffers (highWaterMark, a few maxPayload frames, socket buffers) plus the
 * heap's slack: the ack flood this guards against grew it by ~37 MB every second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeProcess, type BridgeProcess } from '../../support/bridge-process.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { generateMailbox } from '../../support/generated-mail.ts';
import { connectFloodClient, flood, type FloodClient } from '../../support/flood-client.ts';

const ORIGIN = 'https://mail.example.org';
const USER = 'flooder';
const PASSWORD = 'never reads';
const FLOOD_MS = 4_000;
const FLOOD_GROWTH_BOUND = 48 * 1024 * 1024;

let dovecot: DovecotServer;
let bridge: BridgeProcess;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD, messages: generateMailbox({ count: 2, seed: 7, largeEvery: 1 }) }] });
  bridge = await startBridgeProcess({
    allowedOrigins: [ORIGIN],
    targets: [{ name: 'dovecot', label: 'Dovecot', host: '127.0.0.1', port: dovecot.pop3Port, tls: 'plaintext', allowLocal: true }],
    limits: { sendStallTimeoutMs: 1_500, closeGraceMs: 300, maxControlMessagesPerSecond: 500 },
    compression: { enabled: false },
  });
});

afterAll(async () => {
  await bridge?.stop();
  await dovecot?.stop();
});

/** Runs `during` while sampling the bridge's RSS every 50 ms; returns the peak growth over the start. */
async function peakGrowth(during: () => Promise<unknown>): Promise<number> {
  const start = bridge.rssBytes();
  let peak = start;
  const sampler = setInterval(() => {
    if (bridge.alive()) peak = Math.max(peak, bridge.rssBytes());
  }, 50);
  try {
    await during();
  } finally {
    clearInterval(sampler);
  }
  return peak - start;
}

async function readyTunnel(resumable: boolean): Promise<FloodClient> {
  const client = await connectFloodClient(bridge.url, ORIGIN);
  client.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'dovecot', ...(resumable ? { resumable: true } : {}) }));
  await client.waitFor('ready');
  await client.waitForBytes('\r\n');
  return client;
}

async function loggedIn(): Promise<FloodClient> {
  const client = await readyTunnel(false);
  client.ws.send(Buffer.from(`USER ${USER}\r\nPASS ${PASSWORD}\r\n`));
  await client.waitForBytes('Logged in');
  return client;
}

/** The code the bridge logged when it closed the tunnel that `client` had (the newest one closed after `since`). */
async function closedWith(since: number): Promise<unknown> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const entry = bridge.logs.slice(since).find((e) => e.event === 'tunnel-closed');
    if (entry || Date.now() > deadline) return entry?.code;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const figures: Record<string, number> = {};

describe('a client that floods and never reads', () => {
  const cases: Array<{ name: string; code: string; run: () => Promise<FloodClient> }> = [
    {
      name: 'acks on a resumable tunnel',
      code: 'TUNNEL_ERR_FLOOD',
      run: async () => {
        const client = await readyTunnel(true);
        client.ws.pause();
        const ack = JSON.stringify({ type: 'ack', v: 1, received: 0 });
        await flood(client, () => client.ws.send(ack), FLOOD_MS);
        return client;
      },
    },
    {
      name: 'pings',
      code: 'TUNNEL_ERR_FLOOD',
      run: async () => {
        const client = await readyTunnel(false);
        client.ws.pause();
        await flood(client, () => client.ws.ping(Buffer.alloc(125, 0x70)), FLOOD_MS);
        return client;
      },
    },
    {
      name: 'unsolicited pongs',
      code: 'TUNNEL_ERR_FLOOD',
      run: async () => {
        const client = await readyTunnel(false);
        client.ws.pause();
        await flood(client, () => client.ws.pong(Buffer.alloc(125, 0x70)), FLOOD_MS);
        return client;
      },
    },
    {
      name: 'opens on one socket',
      code: 'TUNNEL_ERR_BAD_MESSAGE',
      run: async () => {
        const client = await connectFloodClient(bridge.url, ORIGIN);
        client.ws.pause();
        const open = JSON.stringify({ type: 'open', v: 1, target: 'dovecot' });
        await flood(client, () => client.ws.send(open), FLOOD_MS);
        return client;
      },
    },
    {
      name: 'resumes of a session that does not exist',
      code: 'TUNNEL_ERR_RESUME_EXPIRED',
      run: async () => {
        const client = await connectFloodClient(bridge.url, ORIGIN);
        client.ws.pause();
        const resume = JSON.stringify({ type: 'resume', v: 1, sessionId: 'A'.repeat(22), token: 'B'.repeat(43), received: 0, sent: 0 });
        await flood(client, () => client.ws.send(resume), FLOOD_MS);
        return client;
      },
    },
    {
      name: 'POP3 commands whose answers are a megabyte each',
      code: 'TUNNEL_ERR_TIMEOUT',
      run: async () => {
        const client = await loggedIn();
        client.ws.pause();
        const retr = Buffer.from('RETR 1\r\n');
        await flood(client, () => client.ws.send(retr), FLOOD_MS);
        return client;
      },
    },
  ];

  for (const { name, code, run } of cases) {
    it(`stays within its memory bound and ends the tunnel with ${code} under a flood of ${name}`, async () => {
      const since = bridge.logs.length;
      let client: FloodClient | undefined;
      const growth = await peakGrowth(async () => {
        client = await run();
      });
      figures[name] = growth;
      expect(bridge.alive(), bridge.stderr()).toBe(true);
      expect(growth).toBeLessThan(FLOOD_GROWTH_BOUND);
      expect(await closedWith(since)).toBe(code);
      client?.ws.terminate();
      const health = await fetch(`${bridge.url}/healthz`);
      expect(health.status).toBe(200);
    });
  }

  afterAll(() => {
    if (process.env.SATCHEL_FIGURES) console.log(JSON.stringify({ peakRssGrowthBytes: figures }));
  });
});
