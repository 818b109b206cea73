/**
 * `npx tsx tests/bench/experiments/bridge-memory.ts [--tunnels=400] [--json=FILE]`: what the bridge costs
 * in memory, read from /proc of the real bridge process with a real Dovecot behind it.
 *
 * 1. Per idle tunnel: N tunnels each log in, RETR a ~100 KB message through the tunnel (so
 *    every zlib context a browser would cause exists), then sit idle; 20 at a time, 1.2 s apart.
 *    The growth of the bridge's resident memory from N/2 to N tunnels, per tunnel, for:
 *    deflate off; deflate on with the idle
 *    context kept (releaseIdleMs 0, the behaviour before it existed); deflate on as shipped.
 *    The client offers permessage-deflate as Chromium does and compresses every message it
 *    sends (Chromium has no threshold), so the bridge holds an inflate context too.
 * 2. Under each flood of tests/integration/bridge-hardening/floods-stay-bounded.test.ts: the
 *    peak growth of resident memory over 4 s, and the code the tunnel was closed with.
 */
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { startBridgeProcess, type BridgeProcess } from '../../support/bridge-process.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { connectFloodClient, flood, type FloodClient } from '../../support/flood-client.ts';
import { generateMailbox } from '../../support/generated-mail.ts';
import { runToExit } from './run-to-exit.ts';

const ORIGIN = 'https://mail.example.org';
const USER = 'memory';
const PASSWORD = 'measured';

function arg(name: string, fallback: string): string {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

const TUNNELS = 2 * Math.ceil(Number(arg('tunnels', '400')) / 2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settledRss(bridge: BridgeProcess): Promise<number> {
  // RSS settles after the last burst; take the lowest of a few readings a moment apart.
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    await sleep(300);
    lowest = Math.min(lowest, bridge.rssBytes());
  }
  return lowest;
}

/** One tunnel that logs in, fetches message 1 whole, and stays open. */
async function idleTunnel(bridge: BridgeProcess, deflate: boolean): Promise<WebSocket> {
  const ws = new WebSocket(`${bridge.url.replace(/^http/, 'ws')}/tunnel`, {
    origin: ORIGIN,
    // ws offers client_max_window_bits by default, as Chromium does.
    perMessageDeflate: deflate ? { threshold: 0 } : false,
  });
  let bytes = '';
  let ready = false;
  ws.on('message', (data, isBinary) => {
    if (isBinary) bytes += (data as Buffer).toString('latin1');
    else if ((data as Buffer).toString('utf8').includes('"ready"')) ready = true;
  });
  ws.on('error', () => {});
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('unexpected-response', () => reject(new Error('upgrade refused')));
  });
  ws.send(JSON.stringify({ type: 'open', v: 1, target: 'dovecot' }));
  const until = async (check: () => boolean): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!check()) {
      if (Date.now() > deadline || ws.readyState !== WebSocket.OPEN) throw new Error(`tunnel stuck: ${bytes.slice(-120)}`);
      await sleep(5);
    }
  };
  await until(() => ready && bytes.includes('\r\n'));
  ws.send(Buffer.from(`USER ${USER}\r\n`));
  ws.send(Buffer.from(`PASS ${PASSWORD}\r\n`));
  await until(() => bytes.includes('Logged in'));
  ws.send(Buffer.from('RETR 1\r\n'));
  await until(() => bytes.endsWith('\r\n.\r\n'));
  return ws;
}

async function perIdleTunnel(dovecot: DovecotServer, label: string, compression: Record<string, unknown>, deflate: boolean) {
  const bridge = await startBridgeProcess({
    allowedOrigins: [ORIGIN],
    targets: [{ name: 'dovecot', label: 'Dovecot', host: '127.0.0.1', port: dovecot.pop3Port, tls: 'plaintext', allowLocal: true }],
    limits: { maxConnections: TUNNELS + 10, maxConnectionsPerIp: TUNNELS + 10, maxHttpConnectionsPerIp: TUNNELS + 10 },
    compression: { ...compression, adaptive: false },
  }, {
    // V8's young generation (up to 3 × 16 MiB by default) swings RSS by more than 200 tunnels
    // of difference; a 1 MiB semi-space keeps the readings to what tunnels hold.
    nodeFlags: ['--max-semi-space-size=1'],
  });
  try {
    const sockets: WebSocket[] = [];
    // In batches of 20 with a pause past releaseIdleMs between them, as idle tunnels pile up
    // over time on a real bridge: at most 20 transfer at once. Freed zlib memory is reused by
    // later contexts rather than returned to the system, so what counts is how many are alive
    // together. The figure is the slope between the half-way and the full count, so the
    // process's own start-up and heap growth, paid once, do not count.
    const addBatches = async (until: number): Promise<void> => {
      while (sockets.length < until) {
        const batch = Math.min(20, until - sockets.length);
        sockets.push(...(await Promise.all(Array.from({ length: batch }, () => idleTunnel(bridge, deflate)))));
        await sleep(1_200);
      }
    };
    await addBatches(TUNNELS / 2);
    const half = await settledRss(bridge);
    await addBatches(TUNNELS);
    const full = await settledRss(bridge);
    const negotiated = sockets.every((ws) => ws.extensions.includes('permessage-deflate'));
    for (const ws of sockets) ws.terminate();
    const perTunnelBytes = Math.round((full - half) / (TUNNELS / 2));
    const result = { label, tunnels: TUNNELS, deflateNegotiated: negotiated, halfRssBytes: half, fullRssBytes: full, perTunnelBytes };
    console.log(`${label.padEnd(44)} ${(perTunnelBytes / 1024).toFixed(1).padStart(7)} KiB per idle tunnel (RSS ${(half / 2 ** 20).toFixed(1)} MiB at ${TUNNELS / 2} tunnels, ${(full / 2 ** 20).toFixed(1)} MiB at ${TUNNELS})`);
    return result;
  } finally {
    await bridge.stop();
  }
}

async function floods(dovecot: DovecotServer) {
  const bridge = await startBridgeProcess({
    allowedOrigins: [ORIGIN],
    targets: [{ name: 'dovecot', label: 'Dovecot', host: '127.0.0.1', port: dovecot.pop3Port, tls: 'plaintext', allowLocal: true }],
    limits: { sendStallTimeoutMs: 1_500, closeGraceMs: 300 },
    compression: { enabled: false },
  });
  const ready = async (resumable: boolean): Promise<FloodClient> => {
    const client = await connectFloodClient(bridge.url, ORIGIN);
    client.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'dovecot', ...(resumable ? { resumable: true } : {}) }));
    await client.waitFor('ready');
    await client.waitForBytes('\r\n');
    return client;
  };
  const kinds: Array<[string, () => Promise<FloodClient>, (client: FloodClient) => void]> = [
    ['acks (resumable)', () => ready(true), (c) => c.ws.send(JSON.stringify({ type: 'ack', v: 1, received: 0 }))],
    ['pings', () => ready(false), (c) => c.ws.ping(Buffer.alloc(125, 0x70))],
    ['pongs', () => ready(false), (c) => c.ws.pong(Buffer.alloc(125, 0x70))],
    ['opens', () => connectFloodClient(bridge.url, ORIGIN), (c) => c.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'dovecot' }))],
    ['resumes', () => connectFloodClient(bridge.url, ORIGIN), (c) => c.ws.send(JSON.stringify({ type: 'resume', v: 1, sessionId: 'A'.repeat(22), token: 'B'.repeat(43), received: 0, sent: 0 }))],
    [
      'RETR commands (1 MB answers)',
      async () => {
        const client = await ready(false);
        client.ws.send(Buffer.from(`USER ${USER}\r\nPASS ${PASSWORD}\r\n`));
        await client.waitForBytes('Logged in');
        return client;
      },
      (c) => c.ws.send(Buffer.from('RETR 2\r\n')),
    ],
  ];
  const results = [];
  try {
    for (const [label, connect, frame] of kinds) {
      const since = bridge.logs.length;
      const client = await connect();
      client.ws.pause();
      const start = bridge.rssBytes();
      let peak = start;
      const sampler = setInterval(() => {
        if (bridge.alive()) peak = Math.max(peak, bridge.rssBytes());
      }, 50);
      const frames = await flood(client, () => frame(client), 4_000);
      clearInterval(sampler);
      await sleep(2_000);
      const code = bridge.logs.slice(since).find((e) => e.event === 'tunnel-closed')?.code ?? null;
      client.ws.terminate();
      const result = { flood: label, framesSent: frames, peakRssGrowthBytes: peak - start, closedWith: code, alive: bridge.alive() };
      console.log(`flood of ${label.padEnd(30)} peak RSS +${((peak - start) / 2 ** 20).toFixed(1).padStart(5)} MiB, ${String(frames).padStart(7)} frames sent, closed with ${code}`);
      results.push(result);
    }
  } finally {
    await bridge.stop();
  }
  return results;
}

async function main(): Promise<void> {
  const dovecot = await startDovecot({
    users: [{ user: USER, password: PASSWORD, messages: generateMailbox({ count: 2, seed: 11, largeEvery: 2 }) }],
    extraConfig: 'protocol pop3 {\n  mail_max_userip_connections = 100000\n}\n',
  });
  try {
    const idle = [
      await perIdleTunnel(dovecot, 'deflate off', { enabled: false }, false),
      await perIdleTunnel(dovecot, 'deflate on, context kept (releaseIdleMs 0)', { enabled: true, releaseIdleMs: 0 }, true),
      await perIdleTunnel(dovecot, 'deflate on, context freed when idle (1 s)', { enabled: true, releaseIdleMs: 1_000 }, true),
    ];
    const flooded = await floods(dovecot);
    const json = arg('json', '');
    if (json !== '') writeFileSync(json, JSON.stringify({ date: new Date().toISOString(), idle, floods: flooded }, null, 2));
  } finally {
    await dovecot.stop();
  }
}

runToExit(main);
