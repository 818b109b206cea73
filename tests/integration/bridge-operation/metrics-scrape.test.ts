/**
 * /metrics scraped from the real bridge process (bridge/main.ts): every metric of
 * docs/BRIDGE.md "Metrics" is made to change by the event it counts, against a real Dovecot
 * and the test PKI, and no label carries what a user typed or where a user connects from.
 */
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotTargets, TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import { startBridgeProcess, type BridgeProcess } from '../../support/bridge-process.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { findFreePorts } from '../../support/free-ports.ts';
import { scrape, type Scrape } from '../../support/prometheus-scrape.ts';
import { openRawTunnel, type RawTunnel } from '../../support/raw-tunnel-client.ts';

const USER = 'metered';
const PASSWORD = 'counted twice';
/** 200 KB of text that deflates well, so the WebSocket carries fewer bytes than POP3 does. */
const MESSAGE = Buffer.from(`Subject: long\r\n\r\n${'All work and no play makes a dull mailbox.\r\n'.repeat(4800)}`, 'latin1');

let dovecot: DovecotServer;
let bridge: BridgeProcess;
let metricsUrl: string;
let tunnelUrl: string;

const refusals = (code: string) => ['satchel_bridge_refusals_total', { code }] as const;

/** Scrapes until `read` differs from `before` by at least `by` (events are counted when their log line is written). */
async function changed(before: Scrape, name: string, labels: Record<string, string> = {}, by = 1): Promise<Scrape> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const now = await scrape(metricsUrl);
    if (now.value(name, labels) - before.value(name, labels) >= by) return now;
    if (Date.now() > deadline) throw new Error(`${name} ${JSON.stringify(labels)} stayed at ${now.value(name, labels)} (before: ${before.value(name, labels)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function open(target: string, resumable = false): Promise<RawTunnel> {
  return openRawTunnel(tunnelUrl, { type: 'open', target, ...(resumable ? { resumable: true as const } : {}) }, TEST_ORIGIN);
}

/** A tunnel to the plaintext target that has the greeting. */
async function greeted(resumable = false): Promise<RawTunnel> {
  const tunnel = await open('dovecot-plain', resumable);
  await tunnel.waitForText(/^\+OK.*\r\n/);
  return tunnel;
}

/** Waits until no tunnel of an earlier test holds a connection slot. */
async function noTunnelsLeft(): Promise<Scrape> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const now = await scrape(metricsUrl);
    if (now.value('satchel_bridge_tunnels_open') + now.value('satchel_bridge_sessions_parked') === 0) return now;
    if (Date.now() > deadline) throw new Error('tunnels of earlier tests are still open');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function refusedWith(tunnel: RawTunnel): Promise<string> {
  const error = await tunnel.message('error');
  await tunnel.closed;
  return error.code;
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD, messages: [MESSAGE] }] });
  const [closedPort] = await findFreePorts(1);
  bridge = await startBridgeProcess({
    allowedOrigins: [TEST_ORIGIN],
    upstreamCaFile: dovecot.pki.caCertFile,
    metrics: { port: 0 },
    targets: [
      ...dovecotTargets(dovecot),
      // The test certificate names only localhost: by IP, the name check fails.
      { name: 'wrong-name', label: 'Wrong name', host: '127.0.0.1', port: dovecot.pop3sPort, tls: 'implicit', allowLocal: true },
      { name: 'nobody-listens', label: 'Closed port', host: '127.0.0.1', port: closedPort, tls: 'implicit', allowLocal: true },
      { name: 'private-ip', label: 'Private', host: '10.20.30.40', port: 995, tls: 'implicit' },
    ],
    limits: { maxConnectionsPerIp: 2, maxHttpConnectionsPerIp: 8, resumeGraceMs: 30_000, maxControlMessagesPerSecond: 20, maxResumeFailuresPerIp: 100 },
  });
  metricsUrl = String(bridge.logs.find((entry) => entry.event === 'metrics-listening')?.url);
  tunnelUrl = `${bridge.url.replace(/^http/, 'ws')}/tunnel`;
});

afterAll(async () => {
  await bridge?.stop();
  await dovecot?.stop();
});

describe('the bridge serves Prometheus metrics on a listener of its own', () => {
  it('answers /metrics on the metrics address only, and on loopback', async () => {
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(metricsUrl).port).not.toBe(String(bridge.port));
    const publicAnswer = await (await fetch(`${bridge.url}/metrics`)).text();
    expect(publicAnswer).not.toContain('satchel_bridge_');
    expect((await fetch(new URL('/', metricsUrl))).status).toBe(404);
    expect((await scrape(metricsUrl)).has('satchel_bridge_tunnels_open')).toBe(true);
  });

  it('counts an open tunnel while it is open, and its POP3 and WebSocket bytes each way as they move', async () => {
    const before = await scrape(metricsUrl);
    const tunnel = await greeted();
    tunnel.send(`USER ${USER}\r\nPASS ${PASSWORD}\r\nRETR 1\r\n`);
    await tunnel.waitForText(/\r\n\.\r\n$/, 20_000);
    const during = await changed(before, 'satchel_bridge_pop3_bytes_total', { direction: 'down' }, MESSAGE.length);
    expect(during.value('satchel_bridge_tunnels_open') - before.value('satchel_bridge_tunnels_open')).toBe(1);
    expect(during.value('satchel_bridge_tunnels_ready_total', { target: 'dovecot-plain' }) - before.value('satchel_bridge_tunnels_ready_total', { target: 'dovecot-plain' })).toBe(1);
    const delta = (name: string, direction: string) => during.value(name, { direction }) - before.value(name, { direction });
    const commands = `USER ${USER}\r\nPASS ${PASSWORD}\r\nRETR 1\r\n`.length;
    expect(delta('satchel_bridge_pop3_bytes_total', 'up')).toBe(commands);
    expect(delta('satchel_bridge_pop3_bytes_total', 'down')).toBe(tunnel.received());
    // On the wire: the upgrade request and the framing make "up" larger; deflate makes "down" smaller.
    expect(delta('satchel_bridge_websocket_bytes_total', 'up')).toBeGreaterThan(commands);
    expect(delta('satchel_bridge_websocket_bytes_total', 'down')).toBeGreaterThan(0);
    expect(delta('satchel_bridge_websocket_bytes_total', 'down')).toBeLessThan(tunnel.received() / 4);

    tunnel.ws.close(1000);
    await tunnel.closed;
    const after = await changed(during, 'satchel_bridge_tunnels_closed_total', { code: 'TUNNEL_ERR_CLOSED' });
    expect(after.value('satchel_bridge_tunnels_open')).toBe(before.value('satchel_bridge_tunnels_open'));
  });

  it('counts a parked session while it waits, and the resume that picks it up', async () => {
    const before = await scrape(metricsUrl);
    const tunnel = await greeted(true);
    const { resume } = await tunnel.message('ready');
    tunnel.cut();
    const parked = await changed(before, 'satchel_bridge_sessions_parked');
    expect(parked.value('satchel_bridge_parks_total') - before.value('satchel_bridge_parks_total')).toBe(1);
    expect(parked.value('satchel_bridge_tunnels_open')).toBe(before.value('satchel_bridge_tunnels_open'));

    const resumed = await openRawTunnel(tunnelUrl, { type: 'resume', sessionId: resume!.sessionId, token: resume!.token, received: tunnel.received(), sent: 0 }, TEST_ORIGIN);
    await resumed.message('resumed');
    const after = await changed(parked, 'satchel_bridge_resumes_total');
    expect(after.value('satchel_bridge_sessions_parked')).toBe(before.value('satchel_bridge_sessions_parked'));
    expect(after.value('satchel_bridge_tunnels_open') - before.value('satchel_bridge_tunnels_open')).toBe(1);
    resumed.ws.close(1000);
    await resumed.closed;
  });

  it('counts a refused Origin', async () => {
    const before = await scrape(metricsUrl);
    await expect(openRawTunnel(tunnelUrl, { type: 'open', target: 'dovecot-plain' }, 'https://evil.example')).rejects.toThrow(/403/);
    await changed(before, ...refusals('TUNNEL_ERR_ORIGIN_DENIED'));
  });

  it('counts targets refused by name and by address, without the name the browser typed', async () => {
    const before = await scrape(metricsUrl);
    expect(await refusedWith(await open('nowhere-typed-by-a-user'))).toBe('TUNNEL_ERR_TARGET_UNKNOWN');
    expect(await refusedWith(await open('private-ip'))).toBe('TUNNEL_ERR_TARGET_DENIED');
    await changed(before, ...refusals('TUNNEL_ERR_TARGET_UNKNOWN'));
    const after = await changed(before, ...refusals('TUNNEL_ERR_TARGET_DENIED'));
    expect(after.samples.some((s) => Object.values(s.labels).some((v) => v.includes('nowhere')))).toBe(false);
  });

  it('counts tunnels refused at the connection caps, over maxPayload, and for flooding', async () => {
    const before = await noTunnelsLeft();
    const held = [await greeted(), await greeted()];
    expect(await refusedWith(await open('dovecot-plain'))).toBe('TUNNEL_ERR_TOO_MANY_CONNECTIONS');
    await changed(before, ...refusals('TUNNEL_ERR_TOO_MANY_CONNECTIONS'));
    held[0]!.send(Buffer.alloc(64 * 1024, 0x41));
    expect((await held[0]!.closed).code).toBe(1009);
    await changed(before, ...refusals('TUNNEL_ERR_FRAME_TOO_LARGE'));
    for (let i = 0; i < 40; i++) held[1]!.ws.ping();
    expect((await held[1]!.closed).reason).toBe('TUNNEL_ERR_FLOOD');
    await changed(before, ...refusals('TUNNEL_ERR_FLOOD'));
  });

  it('counts TCP connections dropped over maxHttpConnectionsPerIp', async () => {
    const before = await scrape(metricsUrl);
    const sockets: Socket[] = [];
    try {
      // Idle sockets until the bridge drops one on arrival (earlier tests may still hold a few).
      for (let i = 0; i < 20; i++) {
        const socket = connect(bridge.port, '127.0.0.1');
        socket.on('error', () => {});
        sockets.push(socket);
        const dropped = await new Promise<boolean>((resolve) => {
          socket.once('close', () => resolve(true));
          setTimeout(() => resolve(false), 150);
        });
        if (dropped) break;
      }
      await changed(before, ...refusals('BRIDGE_ERR_TOO_MANY_CONNECTIONS'));
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('counts failed resumes: no such session, a wrong token, offsets it cannot meet', async () => {
    const before = await scrape(metricsUrl);
    const unknown = await openRawTunnel(tunnelUrl, { type: 'resume', sessionId: randomUUID(), token: 'x'.repeat(43), received: 0, sent: 0 }, TEST_ORIGIN);
    expect(await refusedWith(unknown)).toBe('TUNNEL_ERR_RESUME_EXPIRED');
    await changed(before, ...refusals('TUNNEL_ERR_RESUME_EXPIRED'));

    const tunnel = await greeted(true);
    const { resume } = await tunnel.message('ready');
    tunnel.cut();
    await changed(before, 'satchel_bridge_parks_total');
    const wrong = await openRawTunnel(tunnelUrl, { type: 'resume', sessionId: resume!.sessionId, token: 'y'.repeat(43), received: 0, sent: 0 }, TEST_ORIGIN);
    expect(await refusedWith(wrong)).toBe('TUNNEL_ERR_RESUME_DENIED');
    await changed(before, ...refusals('TUNNEL_ERR_RESUME_DENIED'));
    const gap = await openRawTunnel(tunnelUrl, { type: 'resume', sessionId: resume!.sessionId, token: resume!.token, received: tunnel.received() + 1000, sent: 0 }, TEST_ORIGIN);
    expect(await refusedWith(gap)).toBe('TUNNEL_ERR_RESUME_GAP');
    await changed(before, ...refusals('TUNNEL_ERR_RESUME_GAP'));
  });

  it('counts a mail server that refuses the connection and one whose certificate does not verify, by target', async () => {
    const before = await scrape(metricsUrl);
    expect(await refusedWith(await open('nobody-listens'))).toBe('TUNNEL_ERR_CONNECT');
    expect(await refusedWith(await open('wrong-name'))).toBe('TUNNEL_ERR_TLS');
    await changed(before, 'satchel_bridge_upstream_errors_total', { code: 'TUNNEL_ERR_CONNECT', target: 'nobody-listens' });
    await changed(before, 'satchel_bridge_upstream_errors_total', { code: 'TUNNEL_ERR_TLS', target: 'wrong-name' });
  });

  it("reports the process's own memory and its event-loop lag", async () => {
    const now = await scrape(metricsUrl);
    // The same process: what /proc says of it, within what moves between two readings.
    const rss = now.value('process_resident_memory_bytes');
    expect(rss).toBeGreaterThan(bridge.rssBytes() / 2);
    expect(rss).toBeLessThan(bridge.rssBytes() * 2);
    expect(now.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    expect(now.has('nodejs_eventloop_lag_seconds')).toBe(true);
    expect(now.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });

  it('puts no client address, origin, user name or typed target in any label', async () => {
    const text = (await scrape(metricsUrl)).samples;
    const labelValues = text.flatMap((s) => Object.values(s.labels));
    for (const forbidden of ['127.0.0.1', 'evil', 'satchel.test', USER, 'nowhere']) {
      expect(labelValues.filter((v) => v.includes(forbidden))).toEqual([]);
    }
    const ours = text.filter((s) => s.name.startsWith('satchel_bridge_'));
    expect(new Set(ours.flatMap((s) => Object.keys(s.labels)))).toEqual(new Set(['code', 'target', 'direction', 'result']));
  });
});
