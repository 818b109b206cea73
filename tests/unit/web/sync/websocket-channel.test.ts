// The tunnel channel against a tiny in-test `ws` server that plays the bridge's part.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { openTunnelChannel, type WebSocketConstructor } from '../../../../web/src/lib/sync/websocket-channel.ts';

type Script = (socket: WebSocket, open: { target: string }) => void;

let server: WebSocketServer | undefined;

afterEach(async () => {
  for (const client of server?.clients ?? []) client.terminate();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Starts a bridge stand-in; `script` runs once the browser sent its `open` message. */
async function fakeBridge(script: Script): Promise<string> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  server.on('connection', (socket) => {
    socket.once('message', (data) => script(socket, JSON.parse(data.toString()) as { target: string }));
  });
  const { port } = server.address() as { port: number };
  return `ws://127.0.0.1:${port}/tunnel`;
}

const ready = (target: string) => JSON.stringify({ type: 'ready', v: 1, target, tls: 'plaintext', greeting: 'relayed' });
const WebSocketImpl = WebSocket as unknown as WebSocketConstructor;
const text = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes));

describe('openTunnelChannel', () => {
  it('opens the named target, relays POP3 bytes both ways and ends at upstream-closed after the bytes', async () => {
    const seen: string[] = [];
    const url = await fakeBridge((socket, open) => {
      socket.send(ready(open.target));
      socket.send(Buffer.from('+OK hello\r\n'), { binary: true });
      socket.on('message', (data, isBinary) => {
        seen.push(`${isBinary ? 'bin' : 'text'}:${data.toString()}`);
        socket.send(Buffer.from('+OK bye\r\n'), { binary: true });
        socket.send(JSON.stringify({ type: 'upstream-closed', v: 1 }));
      });
    });
    const tunnel = await openTunnelChannel(url, 'mail-1', { timeoutMs: 2_000, WebSocketImpl });
    expect(tunnel.ready).toMatchObject({ target: 'mail-1', greeting: 'relayed' });
    expect(text(await tunnel.channel.read())).toBe('+OK hello\r\n');
    tunnel.channel.write(new TextEncoder().encode('QUIT\r\n'));
    expect(text(await tunnel.channel.read())).toBe('+OK bye\r\n');
    expect(await tunnel.channel.read()).toBeNull();
    expect(seen).toEqual(['bin:QUIT\r\n']);
    expect(tunnel.wireBytes().received).toBe(20);
    tunnel.channel.close();
  });

  it('rejects with the code of a bridge error message sent instead of ready', async () => {
    const url = await fakeBridge((socket) => {
      socket.send(JSON.stringify({ type: 'error', v: 1, code: 'TUNNEL_ERR_TARGET_DENIED', message: 'no' }));
      socket.close(4000, 'TUNNEL_ERR_TARGET_DENIED');
    });
    await expect(openTunnelChannel(url, 'x', { timeoutMs: 2_000, WebSocketImpl })).rejects.toMatchObject({ code: 'TUNNEL_ERR_TARGET_DENIED' });
  });

  it('rejects with the code in a 4000 close reason', async () => {
    const url = await fakeBridge((socket) => socket.close(4000, 'TUNNEL_ERR_TOO_MANY_CONNECTIONS'));
    await expect(openTunnelChannel(url, 'x', { timeoutMs: 2_000, WebSocketImpl })).rejects.toMatchObject({ code: 'TUNNEL_ERR_TOO_MANY_CONNECTIONS' });
  });

  it('rejects with TUNNEL_ERR_FRAME_TOO_LARGE on close 1009', async () => {
    const url = await fakeBridge((socket) => socket.close(1009));
    await expect(openTunnelChannel(url, 'x', { timeoutMs: 2_000, WebSocketImpl })).rejects.toMatchObject({ code: 'TUNNEL_ERR_FRAME_TOO_LARGE' });
  });

  it('rejects with TUNNEL_ERR_TIMEOUT when no ready comes', async () => {
    const url = await fakeBridge(() => undefined);
    await expect(openTunnelChannel(url, 'x', { timeoutMs: 200, WebSocketImpl })).rejects.toMatchObject({ code: 'TUNNEL_ERR_TIMEOUT' });
  });

  it('rejects with TUNNEL_ERR_CLOSED when nothing listens', async () => {
    const url = await fakeBridge(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(openTunnelChannel(url, 'x', { timeoutMs: 2_000, WebSocketImpl })).rejects.toMatchObject({ code: 'TUNNEL_ERR_CLOSED' });
  });

  it('rejects a read with TUNNEL_ERR_TIMEOUT on a stalled link instead of hanging', async () => {
    const url = await fakeBridge((socket, open) => socket.send(ready(open.target)));
    const tunnel = await openTunnelChannel(url, 'x', { timeoutMs: 200, WebSocketImpl });
    const started = Date.now();
    await expect(tunnel.channel.read()).rejects.toMatchObject({ code: 'TUNNEL_ERR_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('delivers the bytes received before a mid-session error, then rejects with its code', async () => {
    const url = await fakeBridge((socket, open) => {
      socket.send(ready(open.target));
      socket.send(Buffer.from('+OK 1 octets\r\n'), { binary: true });
      socket.send(JSON.stringify({ type: 'error', v: 1, code: 'TUNNEL_ERR_UPSTREAM_CLOSED', message: 'gone' }));
      socket.close(4000, 'TUNNEL_ERR_UPSTREAM_CLOSED');
    });
    const tunnel = await openTunnelChannel(url, 'x', { timeoutMs: 2_000, WebSocketImpl });
    expect(text(await tunnel.channel.read())).toBe('+OK 1 octets\r\n');
    await expect(tunnel.channel.read()).rejects.toMatchObject({ code: 'TUNNEL_ERR_UPSTREAM_CLOSED' });
  });

  it('rejects reads with TUNNEL_ERR_CLOSED when the connection drops mid-session', async () => {
    const url = await fakeBridge((socket, open) => {
      socket.send(ready(open.target));
      setTimeout(() => socket.terminate(), 50);
    });
    const tunnel = await openTunnelChannel(url, 'x', { timeoutMs: 2_000, WebSocketImpl });
    await expect(tunnel.channel.read()).rejects.toMatchObject({ code: 'TUNNEL_ERR_CLOSED' });
  });
});
