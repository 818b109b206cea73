/**
 * Clients the bridge refuses or gives up on, against the real bridge process: a bad frame on
 * a refused WebSocket, a client that never answers our close frame, sockets that never finish
 * their headers, and a log reader that goes away. Each must cost a bounded slot for a bounded
 * time and never end the process (DESIGN.md invariant 10).
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridgeProcess, type BridgeProcess } from '../../support/bridge-process.ts';
import { connectFloodClient } from '../../support/flood-client.ts';

const ORIGIN = 'https://mail.example.org';
/** Nothing listens there: an `open` to it stays in connect long enough for these tests. */
const TARGET = { name: 'mail', label: 'Mail', host: '192.0.2.1', port: 995, tls: 'implicit', allowLocal: true };

const started: BridgeProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((bridge) => bridge.stop()));
});

async function start(config: Record<string, unknown>): Promise<BridgeProcess> {
  const bridge = await startBridgeProcess({ allowedOrigins: [ORIGIN], targets: [TARGET], ...config });
  started.push(bridge);
  return bridge;
}

async function healthz(bridge: BridgeProcess): Promise<{ status: number; connections?: number }> {
  const response = await fetch(`${bridge.url}/healthz`).catch(() => null);
  if (response === null) return { status: 0 };
  const { connections } = (await response.json()) as { connections: number };
  return { status: response.status, connections };
}

/** A WebSocket frame the client sends without a mask: RFC 6455 §5.1 says the server must fail the connection. */
function unmaskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
}

/** A client's text frame, masked with a zero key. */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

/** Upgrades to a WebSocket by hand and returns the socket once the 101 came; nothing after it is read. */
async function rawUpgrade(bridge: BridgeProcess): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port: bridge.port });
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.write(`GET /tunnel HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: ${ORIGIN}\r\n\r\n`);
  const [first] = (await once(socket, 'data')) as [Buffer];
  if (!first.toString('latin1').startsWith('HTTP/1.1 101')) throw new Error(`no upgrade: ${first.toString('latin1')}`);
  socket.pause();
  return socket;
}

/** A masked text frame whose payload is not UTF-8. */
function invalidUtf8Frame(): Buffer {
  return Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0xc3, 0x28]);
}

describe('refused and abandoned clients', () => {
  it('survives bad frames on a WebSocket refused for the connection cap', async () => {
    const bridge = await start({ limits: { maxConnections: 1 } });
    const holder = await connectFloodClient(bridge.url, ORIGIN);
    holder.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'mail' }));
    for (const badFrame of [unmaskedTextFrame('x'), invalidUtf8Frame(), Buffer.concat([Buffer.from([0x81, 0xfe, 0x10, 0x00, 0, 0, 0, 0]), Buffer.alloc(4096, 0x61)])]) {
      // A raw socket that never answers the refusal's close frame, so the bridge's side is
      // still in its close handshake when the bad frames come.
      const socket = await rawUpgrade(bridge);
      socket.write(maskedTextFrame(JSON.stringify({ type: 'open', v: 1, target: 'mail' })));
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        socket.write(badFrame);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(bridge.alive(), bridge.stderr()).toBe(true);
      socket.destroy();
    }
    expect((await healthz(bridge)).status).toBe(200);
    holder.ws.terminate();
  });

  it('frees the slot of a client that never answers the close frame after closeGraceMs', async () => {
    const bridge = await start({ limits: { handshakeTimeoutMs: 200, closeGraceMs: 300 } });
    const silent = await connectFloodClient(bridge.url, ORIGIN);
    // It reads nothing from now on, so it never sees, let alone answers, the close frame
    // the handshake timeout sends.
    silent.ws.pause();
    expect((await healthz(bridge)).connections).toBe(1);
    const started = Date.now();
    while ((await healthz(bridge)).connections !== 0 && Date.now() - started < 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
    const freedAfter = Date.now() - started;
    expect((await healthz(bridge)).connections).toBe(0);
    // 200 ms to the timeout, 300 ms of grace, and polling; ws's own close timeout is 30 s.
    expect(freedAfter).toBeLessThan(3_000);
    silent.ws.terminate();
  });

  it('holds at most maxHttpConnectionsPerIp slow-header sockets from one address, and drops them after headersTimeoutMs', async () => {
    const bridge = await start({ limits: { maxHttpConnectionsPerIp: 20, headersTimeoutMs: 1_000 } });
    const sockets: Socket[] = [];
    for (let i = 0; i < 100; i++) {
      // From 127.0.0.2, so the check below from 127.0.0.1 is another address.
      const socket = connect({ host: '127.0.0.1', port: bridge.port, localAddress: '127.0.0.2' });
      socket.on('error', () => {});
      // Read, so that the bridge's 408 and FIN are seen and the socket counts as closed.
      socket.resume();
      sockets.push(socket);
      await once(socket, 'connect').catch(() => undefined);
      socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const open = () => sockets.filter((socket) => !socket.destroyed && socket.readyState === 'open').length;
    expect(open()).toBeLessThanOrEqual(20);
    expect((await healthz(bridge)).status).toBe(200);
    const deadline = Date.now() + 5_000;
    while (open() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(open()).toBe(0);
    expect(bridge.logs.some((entry) => entry.code === 'BRIDGE_ERR_TOO_MANY_CONNECTIONS')).toBe(true);
    for (const socket of sockets) socket.destroy();
  });

  it('keeps running when the reader of its log goes away (EPIPE on stdout)', async () => {
    const bridge = await start({});
    bridge.child.stdout!.destroy();
    for (let i = 0; i < 20; i++) {
      // Each refused upgrade writes a log line into the closed pipe.
      const ws = new WebSocket(`${bridge.url.replace(/^http/, 'ws')}/tunnel`, { origin: 'https://evil.example' });
      ws.on('error', () => {});
      await new Promise((resolve) => ws.once('close', resolve));
    }
    expect(bridge.alive(), bridge.stderr()).toBe(true);
    expect((await healthz(bridge)).status).toBe(200);
  });
});
