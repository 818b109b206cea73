import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig, startBridge, type RunningBridge } from '../../../../bridge/index.ts';
import type { BridgeMessage } from '../../../../shared/tunnel/index.ts';
import { startFakePop3Upstream, type FakeUpstream } from './fake-pop3-upstream.ts';
import { openTestTunnel, type TestTunnel } from './tunnel-test-client.ts';

const ORIGIN = 'https://mail.example.org';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Ready = Extract<BridgeMessage, { type: 'ready' }>;

async function setup(limits: Record<string, number> = {}, onConnection?: Parameters<typeof startFakePop3Upstream>[0]) {
  const server: FakeUpstream = await startFakePop3Upstream(onConnection);
  cleanups.push(() => server.close());
  const logs: Array<Record<string, unknown>> = [];
  const target = { name: 'local', label: 'Local', host: '127.0.0.1', port: server.port, tls: 'plaintext', allowLocal: true };
  const config = loadConfig({ listen: { host: '127.0.0.1', port: 0 }, allowedOrigins: [ORIGIN], staticDir: null, targets: [target], limits }, process.cwd());
  const bridge: RunningBridge = await startBridge(config, { log: (entry) => logs.push(entry) });
  cleanups.push(() => bridge.close());
  return { server, bridge, logs };
}

async function openResumable(bridge: RunningBridge): Promise<{ tunnel: TestTunnel; ready: Ready }> {
  const tunnel = await openTestTunnel(bridge.url, ORIGIN);
  tunnel.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'local', resumable: true }));
  const ready = (await tunnel.nextControl()) as Ready;
  return { tunnel, ready };
}

async function resume(bridge: RunningBridge, ready: Ready, received: number, sent: number, token = ready.resume!.token) {
  const tunnel = await openTestTunnel(bridge.url, ORIGIN);
  tunnel.ws.send(JSON.stringify({ type: 'resume', v: 1, sessionId: ready.resume!.sessionId, token, received, sent }));
  return { tunnel, answer: await tunnel.nextControl() };
}

/** A resumable tunnel, ready, from a client that never answers pings. */
async function openResumableWithoutPongs(bridge: RunningBridge, logs: Array<Record<string, unknown>>): Promise<WebSocket> {
  const ws = new WebSocket(`${bridge.url.replace(/^http/, 'ws')}/tunnel`, { origin: ORIGIN, autoPong: false });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'open', v: 1, target: 'local', resumable: true }));
  await until(() => logs.some((entry) => entry.event === 'tunnel-ready'));
  return ws;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('resumable tunnel sessions on the bridge', () => {
  it('gives a resume grant only to an open that asks for one', async () => {
    const { bridge } = await setup();
    const plain = await openTestTunnel(bridge.url, ORIGIN);
    plain.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'local' }));
    expect(await plain.nextControl()).toEqual({ type: 'ready', v: 1, target: 'local', tls: 'plaintext', greeting: 'relayed' });
    // A plain tunnel keeps refusing control messages after ready.
    plain.ws.send(JSON.stringify({ type: 'ack', v: 1, received: 0 }));
    expect(await plain.nextControl()).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_BAD_MESSAGE' });

    const { ready } = await openResumable(bridge);
    expect(ready.resume?.sessionId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(ready.resume?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('starts the token with its bridge id for a browser that routes its resumes, and keeps it there after a resume', async () => {
    const { bridge } = await setup();
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    tunnel.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'local', resumable: true, routable: true }));
    const ready = (await tunnel.nextControl()) as Ready;
    expect(ready.resume!.token).toMatch(new RegExp(`^${bridge.bridgeId}\\.[A-Za-z0-9_-]{43}$`));
    tunnel.ws.terminate();
    await expect.poll(() => bridge.connections).toBe(1);
    const again = await openTestTunnel(bridge.url, ORIGIN);
    again.ws.send(JSON.stringify({ type: 'resume', v: 1, sessionId: ready.resume!.sessionId, token: ready.resume!.token, received: 0, sent: 0 }));
    const resumed = await again.nextControl();
    expect(resumed).toMatchObject({ type: 'resumed' });
    expect((resumed as { token: string }).token.startsWith(`${bridge.bridgeId}.`)).toBe(true);
    again.ws.close(1000);
  });

  it('offers no resumption when resumeGraceMs is 0', async () => {
    const { bridge } = await setup({ resumeGraceMs: 0 });
    const { ready } = await openResumable(bridge);
    expect(ready.resume).toBeUndefined();
  });

  it('answers an ack with its own count of bytes received from the browser', async () => {
    const { bridge } = await setup();
    const { tunnel } = await openResumable(bridge);
    const greeting = await tunnel.waitForBytes('ready\r\n');
    tunnel.ws.send(Buffer.from('USER ada\r\n'));
    await tunnel.waitForBytes('USER done\r\n');
    tunnel.ws.send(JSON.stringify({ type: 'ack', v: 1, received: greeting.length }));
    expect(await tunnel.nextControl()).toEqual({ type: 'ack', v: 1, received: 10 });
  });

  it('tells the embedding process, per live tunnel, the bytes read from the server and those the browser acked', async () => {
    const { bridge } = await setup();
    const { tunnel } = await openResumable(bridge);
    const greeting = await tunnel.waitForBytes('ready\r\n');
    expect(bridge.tunnels()).toEqual([{ id: expect.any(String), bytesDown: greeting.length, ackedDown: 0 }]);
    tunnel.ws.send(JSON.stringify({ type: 'ack', v: 1, received: greeting.length }));
    await tunnel.nextControl();
    expect(bridge.tunnels()).toEqual([{ id: expect.any(String), bytesDown: greeting.length, ackedDown: greeting.length }]);
  });

  it('parks a session whose WebSocket dropped and resumes it on a new one at the exact byte', async () => {
    const { bridge, server, logs } = await setup();
    const { tunnel, ready } = await openResumable(bridge);
    const greeting = await tunnel.waitForBytes('ready\r\n');
    tunnel.ws.send(Buffer.from('USER ada\r\n'));
    await tunnel.waitForBytes('USER done\r\n');
    const received = tunnel.received().length;
    tunnel.ws.terminate();
    await until(() => logs.some((entry) => entry.event === 'tunnel-parked'));
    // The parked session keeps its slot: it still holds a logged-in server connection.
    expect(bridge.connections).toBe(1);

    // Pretend the browser got only the greeting: the bridge replays the rest.
    const { tunnel: next, answer } = await resume(bridge, ready, greeting.length, 10);
    expect(answer).toMatchObject({ type: 'resumed', v: 1, received: 10 });
    expect((answer as { token: string }).token).not.toBe(ready.resume!.token);
    expect(await next.waitForBytes('USER done\r\n')).toBe(tunnel.received().slice(greeting.length, received));
    next.ws.send(Buffer.from('QUIT\r\n'));
    await next.waitForBytes('+OK bye\r\n');
    expect(await next.nextControl()).toEqual({ type: 'upstream-closed', v: 1 });
    expect(server.received()).toBe('USER ada\r\nQUIT\r\n');
    await next.closed;
    await until(() => bridge.connections === 0);
    expect(logs.find((entry) => entry.event === 'tunnel-closed' && entry.id === ready.resume!.sessionId)).toMatchObject({ resumes: 1, code: null });
  });

  it('accepts a token only once: the old one is refused after a resume', async () => {
    const { bridge } = await setup();
    const { tunnel, ready } = await openResumable(bridge);
    await tunnel.waitForBytes('ready\r\n');
    tunnel.ws.terminate();
    const first = await resume(bridge, ready, 0, 0);
    expect(first.answer.type).toBe('resumed');
    const replay = await resume(bridge, ready, 0, 0);
    expect(replay.answer).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_RESUME_DENIED' });
  });

  it('lets a newer resume take the session from the WebSocket still attached, which is told why', async () => {
    const { bridge } = await setup();
    const { tunnel, ready } = await openResumable(bridge);
    await tunnel.waitForBytes('ready\r\n');
    const { answer } = await resume(bridge, ready, 0, 0);
    expect(answer.type).toBe('resumed');
    expect(await tunnel.nextControl()).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_RESUMED_ELSEWHERE' });
    expect(await tunnel.closed).toEqual({ code: 4000, reason: 'TUNNEL_ERR_RESUMED_ELSEWHERE' });
  });

  it('ends the session with TUNNEL_ERR_RESUME_GAP when the browser claims bytes the bridge never sent', async () => {
    const { bridge } = await setup();
    const { tunnel, ready } = await openResumable(bridge);
    const greeting = await tunnel.waitForBytes('ready\r\n');
    tunnel.ws.terminate();
    const { tunnel: next, answer } = await resume(bridge, ready, greeting.length + 1, 0);
    expect(answer).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_RESUME_GAP' });
    await next.closed;
    await until(() => bridge.connections === 0);
  });

  it('does not park a session the browser closed with 1000', async () => {
    const { bridge } = await setup();
    const { tunnel, ready } = await openResumable(bridge);
    await tunnel.waitForBytes('ready\r\n');
    tunnel.ws.close(1000);
    await tunnel.closed;
    await until(() => bridge.connections === 0);
    expect((await resume(bridge, ready, 0, 0)).answer).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_RESUME_EXPIRED' });
  });

  it('closes the server connection without QUIT when the grace period runs out', async () => {
    const { bridge, server, logs } = await setup({ resumeGraceMs: 100 });
    const { tunnel, ready } = await openResumable(bridge);
    await tunnel.waitForBytes('ready\r\n');
    tunnel.ws.send(Buffer.from('DELE 1\r\n'));
    await tunnel.waitForBytes('DELE done\r\n');
    tunnel.ws.terminate();
    await until(() => bridge.connections === 0);
    expect(logs.find((entry) => entry.event === 'tunnel-closed')).toMatchObject({ code: 'TUNNEL_ERR_RESUME_EXPIRED' });
    expect(server.received()).toBe('DELE 1\r\n');
    await until(() => server.sockets[0]!.destroyed || server.sockets[0]!.readableEnded);
    expect((await resume(bridge, ready, 0, 0)).answer).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_RESUME_EXPIRED' });
  });

  it('stops reading the server while unacknowledged bytes fill resumeBufferBytes, and goes on as acks arrive', async () => {
    const size = 2 * 1024 * 1024;
    const body = Buffer.alloc(size, 0x61);
    const buffer = 256 * 1024;
    const { bridge } = await setup({ resumeBufferBytes: buffer }, (socket) => socket.end(body));
    const { tunnel } = await openResumable(bridge);
    await until(() => tunnel.received().length >= buffer);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // At most the buffer plus the one server chunk that crossed the line.
    expect(tunnel.received().length).toBeLessThan(buffer + 128 * 1024);
    while (tunnel.received().length < size) {
      tunnel.ws.send(JSON.stringify({ type: 'ack', v: 1, received: tunnel.received().length }));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(tunnel.received()).toBe(body.toString('latin1'));
  });

  it('parks a session whose browser stopped answering pings, without waiting for TCP to notice', async () => {
    const { bridge, logs } = await setup({ resumePingMs: 50 });
    const silent = await openResumableWithoutPongs(bridge, logs);
    await until(() => logs.some((entry) => entry.event === 'tunnel-parked'));
    expect(logs.find((entry) => entry.event === 'tunnel-parked')).toMatchObject({ closeCode: 1006 });
    silent.terminate();
  });

  it('keeps a session attached while its browser answers pings', async () => {
    const { bridge, logs } = await setup({ resumePingMs: 50 });
    const { tunnel } = await openResumable(bridge);
    await tunnel.waitForBytes('ready\r\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logs.some((entry) => entry.event === 'tunnel-parked')).toBe(false);
  });

  it('keeps a session attached while its browser sends acks, even when its pongs are late', async () => {
    // Acks ten times per ping interval, over four intervals: a loaded machine that delays a
    // timer by a few tens of ms must not starve the link of acks for a whole interval.
    const { bridge, logs } = await setup({ resumePingMs: 250 });
    // autoPong off: as on a slow link, where the ping waits behind queued data, no pong comes back in time.
    const slow = await openResumableWithoutPongs(bridge, logs);
    const acking = setInterval(() => slow.send(JSON.stringify({ type: 'ack', v: 1, received: 0 })), 25);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    clearInterval(acking);
    expect(logs.some((entry) => entry.event === 'tunnel-parked')).toBe(false);
    // Once the browser falls silent too, the session is parked as before.
    await until(() => logs.some((entry) => entry.event === 'tunnel-parked'));
    slow.terminate();
  });

  it('counts parked sessions against the per-IP cap', async () => {
    const { bridge, logs } = await setup({ maxConnectionsPerIp: 1 });
    const { tunnel } = await openResumable(bridge);
    await tunnel.waitForBytes('ready\r\n');
    tunnel.ws.terminate();
    await until(() => logs.some((entry) => entry.event === 'tunnel-parked'));
    const other = await openTestTunnel(bridge.url, ORIGIN);
    other.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'local' }));
    expect(await other.nextControl()).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_TOO_MANY_CONNECTIONS' });
  });

  it('lets a parked session resume while its IP is at the per-IP cap', async () => {
    const { bridge, logs } = await setup({ maxConnectionsPerIp: 1 });
    const { tunnel, ready } = await openResumable(bridge);
    await tunnel.waitForBytes('ready\r\n');
    tunnel.ws.terminate();
    await until(() => logs.some((entry) => entry.event === 'tunnel-parked'));
    // The parked session holds the one slot; the resume joins it and needs none of its own.
    const { answer } = await resume(bridge, ready, 'ready\r\n'.length, 0);
    expect(answer).toMatchObject({ type: 'resumed' });
  });
});
