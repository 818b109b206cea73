import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { TunnelError } from '../../../shared/tunnel/index.ts';
import { openTunnel } from '../../support/ws-tunnel-channel.ts';

/** A stand-in bridge: each test scripts what happens after a client connects. */
interface FakeBridge {
  url: string;
  close(): Promise<void>;
}

const running: FakeBridge[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((bridge) => bridge.close()));
});

async function startFakeBridge(
  onConnection: (ws: WebSocket, firstMessage: Promise<string>) => void,
  options: { rejectStatus?: number; maxPayload?: number } = {},
): Promise<FakeBridge> {
  const server: Server = createServer();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: true, maxPayload: options.maxPayload ?? 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    if (options.rejectStatus) {
      socket.end(`HTTP/1.1 ${options.rejectStatus} Nope\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // ws reports a too-large frame as an error before closing with 1009; that is expected here.
      ws.on('error', () => {});
      const firstMessage = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
      onConnection(ws, firstMessage);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const bridge = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/tunnel`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
  running.push(bridge);
  return bridge;
}

const READY = JSON.stringify({ type: 'ready', v: 1, target: 'dovecot', tls: 'implicit', greeting: 'relayed' });

async function refusalCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error('the tunnel opened but should have been refused'),
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TunnelError);
  return (error as TunnelError).code;
}

describe('openTunnel', () => {
  it('sends open with the target, resolves on ready, and carries POP3 bytes both ways', async () => {
    let opened = '';
    const upstream: string[] = [];
    const bridge = await startFakeBridge(async (ws, first) => {
      opened = await first;
      ws.on('message', (data, isBinary) => {
        if (isBinary) upstream.push(String(data));
      });
      ws.send(READY);
      ws.send(Buffer.from('+OK hello\r\n'), { binary: true });
      ws.send(Buffer.from('+OK 1 2\r\n'), { binary: true });
    });
    const { ready, channel } = await openTunnel(bridge.url, 'dovecot', { origin: 'http://satchel.test' });
    expect(JSON.parse(opened)).toEqual({ type: 'open', v: 1, target: 'dovecot' });
    expect(ready).toMatchObject({ type: 'ready', tls: 'implicit', greeting: 'relayed' });
    expect(Buffer.from((await channel.read())!).toString()).toBe('+OK hello\r\n');
    expect(Buffer.from((await channel.read())!).toString()).toBe('+OK 1 2\r\n');
    channel.write(Buffer.from('QUIT\r\n'));
    await expect.poll(() => upstream).toEqual(['QUIT\r\n']);
    channel.close();
  });

  it('reads the bytes already received, then EOF, after upstream-closed', async () => {
    const bridge = await startFakeBridge(async (ws, first) => {
      await first;
      ws.send(READY);
      ws.send(Buffer.from('+OK bye\r\n'), { binary: true });
      ws.send(JSON.stringify({ type: 'upstream-closed', v: 1 }));
    });
    const { channel } = await openTunnel(bridge.url, 'dovecot');
    expect(Buffer.from((await channel.read())!).toString()).toBe('+OK bye\r\n');
    expect(await channel.read()).toBeNull();
  });

  it('reads EOF when the bridge closes the WebSocket after ready', async () => {
    const bridge = await startFakeBridge(async (ws, first) => {
      await first;
      ws.send(READY);
      ws.close(1000);
    });
    const { channel } = await openTunnel(bridge.url, 'dovecot');
    expect(await channel.read()).toBeNull();
  });

  it('rejects with the code from a bridge error message', async () => {
    const bridge = await startFakeBridge(async (ws, first) => {
      await first;
      ws.send(JSON.stringify({ type: 'error', v: 1, code: 'TUNNEL_ERR_TARGET_DENIED', message: 'no' }));
      ws.close(4000, 'TUNNEL_ERR_TARGET_DENIED');
    });
    expect(await refusalCode(openTunnel(bridge.url, 'dovecot'))).toBe('TUNNEL_ERR_TARGET_DENIED');
  });

  it('rejects with the code in the reason of a 4000 close', async () => {
    const bridge = await startFakeBridge(async (ws, first) => {
      await first;
      ws.close(4000, 'TUNNEL_ERR_TOO_MANY_CONNECTIONS');
    });
    expect(await refusalCode(openTunnel(bridge.url, 'dovecot'))).toBe('TUNNEL_ERR_TOO_MANY_CONNECTIONS');
  });

  it('rejects with TUNNEL_ERR_FRAME_TOO_LARGE when the bridge closes with 1009', async () => {
    // A real ws server with a tiny maxPayload closes with 1009 on the open message itself.
    const bridge = await startFakeBridge(() => {}, { maxPayload: 8 });
    expect(await refusalCode(openTunnel(bridge.url, 'a-target-name-longer-than-eight-bytes'))).toBe('TUNNEL_ERR_FRAME_TOO_LARGE');
  });

  it('rejects with TUNNEL_ERR_ORIGIN_DENIED when the upgrade gets HTTP 403', async () => {
    const bridge = await startFakeBridge(() => {}, { rejectStatus: 403 });
    expect(await refusalCode(openTunnel(bridge.url, 'dovecot', { origin: 'https://evil.example' }))).toBe('TUNNEL_ERR_ORIGIN_DENIED');
  });

  it('rejects with TUNNEL_ERR_TIMEOUT when ready never comes', async () => {
    const bridge = await startFakeBridge(() => {});
    expect(await refusalCode(openTunnel(bridge.url, 'dovecot', { timeoutMs: 100 }))).toBe('TUNNEL_ERR_TIMEOUT');
  });

  it('rejects a read that waits longer than timeoutMs with a clear error', async () => {
    const bridge = await startFakeBridge(async (ws, first) => {
      await first;
      ws.send(READY);
    });
    const { channel } = await openTunnel(bridge.url, 'dovecot', { timeoutMs: 100 });
    await expect(channel.read()).rejects.toThrow(/timed out.*100 ms/);
    channel.close();
  });

  it('counts the compressed bytes on the wire, which for repetitive mail are far fewer than the payload', async () => {
    const payload = Buffer.alloc(200_000, 'Subject: the same line again and again\r\n');
    const bridge = await startFakeBridge(async (ws, first) => {
      await first;
      ws.send(READY);
      ws.send(payload, { binary: true });
    });
    const { channel, wireBytes } = await openTunnel(bridge.url, 'dovecot');
    let received = 0;
    while (received < payload.length) received += (await channel.read())!.byteLength;
    expect(received).toBe(payload.length);
    const wire = wireBytes();
    expect(wire.sent).toBeGreaterThan(0);
    expect(wire.received).toBeGreaterThan(0);
    expect(wire.received).toBeLessThan(payload.length / 10);
    channel.close();
  });
});
