import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, startBridge, type LookupFn, type RunningBridge } from '../../../../bridge/index.ts';
import { startFakePop3Upstream, type FakeUpstream } from './fake-pop3-upstream.ts';
import { openTestTunnel } from './tunnel-test-client.ts';

const ORIGIN = 'https://mail.example.org';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Started {
  bridge: RunningBridge;
  logs: Array<Record<string, unknown>>;
}

async function start(targets: unknown[], extra: Record<string, unknown> = {}, lookup?: LookupFn): Promise<Started> {
  const logs: Array<Record<string, unknown>> = [];
  const config = loadConfig({ listen: { host: '127.0.0.1', port: 0 }, allowedOrigins: [ORIGIN], staticDir: null, targets, ...extra }, process.cwd());
  const bridge = await startBridge(config, { log: (entry) => logs.push(entry), ...(lookup ? { lookup } : {}) });
  cleanups.push(() => bridge.close());
  return { bridge, logs };
}

async function upstream(onConnection?: Parameters<typeof startFakePop3Upstream>[0]): Promise<FakeUpstream> {
  const server = await startFakePop3Upstream(onConnection);
  cleanups.push(() => server.close());
  return server;
}

const plaintextTarget = (port: number) => ({ name: 'local', label: 'Local', host: '127.0.0.1', port, tls: 'plaintext', allowLocal: true });
const publicTarget = { name: 'mail', label: 'Mail', host: 'mail.example.org', port: 995, tls: 'implicit' };
const open = (target: string) => JSON.stringify({ type: 'open', v: 1, target });

async function refusal(bridge: RunningBridge, target: string) {
  const tunnel = await openTestTunnel(bridge.url, ORIGIN);
  tunnel.ws.send(open(target));
  const message = await tunnel.nextControl();
  return { message, close: await tunnel.closed };
}

describe('startBridge HTTP endpoints', () => {
  it('answers /healthz with status and open tunnel count', async () => {
    const { bridge } = await start([publicTarget]);
    const response = await fetch(`${bridge.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', connections: 0 });
  });

  it('publishes only name, label and tls on /targets', async () => {
    const { bridge } = await start([{ ...publicTarget, allowLocal: false }]);
    const response = await fetch(`${bridge.url}/targets`);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.json()).toEqual([{ name: 'mail', label: 'Mail', tls: 'implicit' }]);
  });

  it('reports its url on 127.0.0.1 with the real port', async () => {
    const { bridge } = await start([publicTarget]);
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}`);
    expect(bridge.port).toBeGreaterThan(0);
  });

  it('takes its id from the config, or derives one from its port, and logs it', async () => {
    const named = await start([publicTarget], { bridgeId: 'bridge-7' });
    expect(named.bridge.bridgeId).toBe('bridge-7');
    expect(named.logs.find((e) => e.event === 'bridge-listening')).toMatchObject({ bridgeId: 'bridge-7' });
    const unnamed = await start([publicTarget]);
    expect(unnamed.bridge.bridgeId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(unnamed.bridge.bridgeId).not.toBe(named.bridge.bridgeId);
  });
});

describe('startBridge tunnel refusals', () => {
  it('refuses the upgrade with HTTP 403 when the Origin is not allowed', async () => {
    const { bridge, logs } = await start([publicTarget]);
    const error = await openTestTunnel(bridge.url, 'https://evil.example').then(() => null, (e: { statusCode?: number }) => e);
    expect(error?.statusCode).toBe(403);
    expect(logs.some((e) => e.code === 'TUNNEL_ERR_ORIGIN_DENIED')).toBe(true);
  });

  it('refuses the upgrade with HTTP 403 when there is no Origin', async () => {
    const { bridge } = await start([publicTarget]);
    const error = await openTestTunnel(bridge.url, undefined).then(() => null, (e: { statusCode?: number }) => e);
    expect(error?.statusCode).toBe(403);
  });

  it('refuses a target name that is not configured', async () => {
    const { bridge } = await start([publicTarget]);
    const { message, close } = await refusal(bridge, 'nowhere');
    expect(message).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_TARGET_UNKNOWN' });
    expect(close).toEqual({ code: 4000, reason: 'TUNNEL_ERR_TARGET_UNKNOWN' });
  });

  it('refuses a target that resolves to a private address', async () => {
    const { bridge } = await start([publicTarget], {}, async () => [{ address: '10.0.0.5', family: 4 }]);
    const { message, close } = await refusal(bridge, 'mail');
    expect(message).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_TARGET_DENIED' });
    expect(close.code).toBe(4000);
  });

  it('refuses a target that resolves to a public address and to 127.0.0.1', async () => {
    const { bridge } = await start([publicTarget], {}, async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ]);
    const { message } = await refusal(bridge, 'mail');
    expect(message).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_TARGET_DENIED' });
  });

  it('refuses binary data sent before the tunnel is ready', async () => {
    const { bridge } = await start([publicTarget]);
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    tunnel.ws.send(Buffer.from('USER ada\r\n'));
    expect(await tunnel.nextControl()).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_NOT_OPEN' });
    expect((await tunnel.closed).reason).toBe('TUNNEL_ERR_NOT_OPEN');
  });

  it('refuses a control message that is not JSON', async () => {
    const { bridge } = await start([publicTarget]);
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    tunnel.ws.send('hello');
    expect(await tunnel.nextControl()).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_BAD_MESSAGE' });
  });

  it('closes with 1009 when a frame is larger than maxPayload', async () => {
    const { bridge, logs } = await start([publicTarget]);
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    tunnel.ws.send(Buffer.alloc(4096, 0x41));
    expect((await tunnel.closed).code).toBe(1009);
    await expect.poll(() => logs.find((e) => e.event === 'tunnel-closed')?.code).toBe('TUNNEL_ERR_FRAME_TOO_LARGE');
  });

  it('closes with TUNNEL_ERR_TIMEOUT when no open arrives within the handshake timeout', async () => {
    const { bridge } = await start([publicTarget], { limits: { handshakeTimeoutMs: 100 } });
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    expect(await tunnel.nextControl()).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_TIMEOUT' });
    expect((await tunnel.closed).code).toBe(4000);
  });

  it('refuses a connection over the per-IP cap and frees the slot when one closes', async () => {
    const { bridge } = await start([publicTarget], { limits: { maxConnectionsPerIp: 2 } });
    const first = await openTestTunnel(bridge.url, ORIGIN);
    await openTestTunnel(bridge.url, ORIGIN);
    const third = await openTestTunnel(bridge.url, ORIGIN);
    // Over the cap the upgrade still succeeds (a resume needs no slot); an open is refused.
    third.ws.send(open('mail'));
    expect(await third.nextControl()).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_TOO_MANY_CONNECTIONS' });
    expect((await third.closed).reason).toBe('TUNNEL_ERR_TOO_MANY_CONNECTIONS');
    expect(bridge.connections).toBe(2);
    first.ws.close();
    await first.closed;
    await expect.poll(() => bridge.connections).toBe(1);
    const fourth = await openTestTunnel(bridge.url, ORIGIN);
    fourth.ws.send(open('nowhere'));
    expect(await fourth.nextControl()).toMatchObject({ code: 'TUNNEL_ERR_TARGET_UNKNOWN' });
  });
});

describe('startBridge relaying', () => {
  it('relays a plaintext POP3 session both ways and closes 1000 when the server closes', async () => {
    const server = await upstream();
    const { bridge } = await start([plaintextTarget(server.port)]);
    const tunnel = await openTestTunnel(bridge.url, ORIGIN, { perMessageDeflate: true });
    tunnel.ws.send(open('local'));
    expect(await tunnel.nextControl()).toEqual({ type: 'ready', v: 1, target: 'local', tls: 'plaintext', greeting: 'relayed' });
    await tunnel.waitForBytes('+OK fake POP3 ready\r\n');
    tunnel.ws.send(Buffer.from('USER ada\r\n'));
    await tunnel.waitForBytes('+OK USER done\r\n');
    tunnel.ws.send(Buffer.from('QUIT\r\n'));
    await tunnel.waitForBytes('+OK bye\r\n');
    expect(await tunnel.nextControl()).toEqual({ type: 'upstream-closed', v: 1 });
    expect((await tunnel.closed).code).toBe(1000);
    expect(server.received()).toBe('USER ada\r\nQUIT\r\n');
  });

  it('negotiates permessage-deflate with a browser-style offer that names no window sizes', async () => {
    const server = await upstream();
    const { bridge } = await start([plaintextTarget(server.port)]);
    const tunnel = await openTestTunnel(bridge.url, ORIGIN, {
      // ws sends no client_max_window_bits for false (as Firefox does); @types/ws only allows numbers.
      perMessageDeflate: { clientMaxWindowBits: false as unknown as number },
    });
    expect(tunnel.extensionsHeader).toContain('permessage-deflate');
    tunnel.ws.send(open('local'));
    expect(await tunnel.nextControl()).toMatchObject({ type: 'ready' });
    await tunnel.waitForBytes('+OK fake POP3 ready\r\n');
  });

  it('accepts a small server window when compression.windowBits is below 15', async () => {
    const server = await upstream();
    const { bridge } = await start([plaintextTarget(server.port)], { compression: { windowBits: 10 } });
    const tunnel = await openTestTunnel(bridge.url, ORIGIN, { perMessageDeflate: true });
    expect(tunnel.extensionsHeader).toContain('server_max_window_bits=10');
  });

  it('never logs the password of a session that sends PASS secret', async () => {
    const server = await upstream();
    const { bridge, logs } = await start([plaintextTarget(server.port)]);
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    tunnel.ws.send(open('local'));
    await tunnel.nextControl();
    const sent = 'USER ada\r\nPASS secret\r\nAUTH PLAIN AGFkYQBzZWNyZXQ=\r\nQUIT\r\n';
    tunnel.ws.send(Buffer.from(sent.slice(0, -6)));
    await tunnel.waitForBytes('+OK AUTH done\r\n');
    tunnel.ws.send(Buffer.from('QUIT\r\n'));
    await tunnel.closed;
    await expect.poll(() => logs.some((e) => e.event === 'tunnel-closed')).toBe(true);
    const text = JSON.stringify(logs);
    expect(server.received()).toContain('PASS secret');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('AGFkYQBzZWNyZXQ=');
    const closed = logs.find((e) => e.event === 'tunnel-closed');
    expect(closed).toMatchObject({ target: 'local', bytesUp: sent.length, code: null });
    expect(closed?.bytesDown).toBeGreaterThan(0);
  });

  it('delivers a large download intact through a small high-water mark', async () => {
    const size = 4 * 1024 * 1024;
    const body = Buffer.alloc(size);
    for (let i = 0; i < size; i++) body[i] = 0x41 + (i % 26);
    const server = await upstream((socket) => socket.end(body));
    // The adaptive compression thresholds must sit below half the high-water mark; this test is about the mark alone.
    const { bridge } = await start([plaintextTarget(server.port)], { limits: { highWaterMark: 16 * 1024 }, compression: { adaptive: false } });
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    tunnel.ws.send(open('local'));
    await tunnel.nextControl();
    await tunnel.closed;
    expect(tunnel.received().length).toBe(size);
    expect(tunnel.received().slice(-26)).toBe(body.subarray(size - 26).toString('latin1'));
  });

  it('logs how many of the POP3 bytes it sent went deflated and how many plain', async () => {
    const body = Buffer.from('From: ada@example.org\r\nSubject: the same line again\r\n\r\n'.repeat(2000), 'latin1');
    const server = await upstream((socket) => socket.end(body));
    const { bridge, logs } = await start([plaintextTarget(server.port)]);
    const closedEntries = () => logs.filter((e) => e.event === 'tunnel-closed');
    for (const perMessageDeflate of [true, false]) {
      const tunnel = await openTestTunnel(bridge.url, ORIGIN, { perMessageDeflate });
      tunnel.ws.send(open('local'));
      await tunnel.nextControl();
      await tunnel.closed;
      expect(tunnel.received().length).toBe(body.length);
      await expect.poll(() => closedEntries().length).toBe(perMessageDeflate ? 1 : 2);
    }
    const [deflating, plain] = closedEntries();
    // A link this fast never keeps 100 kB in front of the compressor for 500 ms: all of it is
    // deflated, but for a TCP read shorter than compression.threshold (256), if one happens.
    expect(deflating).toMatchObject({ bytesDown: body.length });
    expect(Number(deflating!.bytesDownDeflated) + Number(deflating!.bytesDownPlain)).toBe(body.length);
    expect(deflating!.bytesDownPlain).toBeLessThan(256);
    // Without permessage-deflate nothing can be.
    expect(plain).toMatchObject({ bytesDown: body.length, bytesDownDeflated: 0, bytesDownPlain: body.length });
  });

  it('reports TUNNEL_ERR_CONNECT when nothing listens on the target port', async () => {
    const server = await upstream();
    const port = server.port;
    await server.close();
    const { bridge } = await start([plaintextTarget(port)]);
    const { message } = await refusal(bridge, 'local');
    expect(message).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_CONNECT' });
  });

  it('closes an idle tunnel with TUNNEL_ERR_TIMEOUT', async () => {
    const server = await upstream();
    const { bridge } = await start([plaintextTarget(server.port)], { limits: { idleTimeoutMs: 150 } });
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    tunnel.ws.send(open('local'));
    await tunnel.nextControl();
    expect(await tunnel.nextControl()).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_TIMEOUT' });
  });

  it('tells open tunnels TUNNEL_ERR_SHUTTING_DOWN on close and stops accepting', async () => {
    const server = await upstream();
    const { bridge } = await start([plaintextTarget(server.port)]);
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    tunnel.ws.send(open('local'));
    await tunnel.nextControl();
    const closing = bridge.close();
    expect(await tunnel.nextControl()).toMatchObject({ type: 'error', code: 'TUNNEL_ERR_SHUTTING_DOWN' });
    expect((await tunnel.closed).reason).toBe('TUNNEL_ERR_SHUTTING_DOWN');
    await closing;
    await expect(fetch(`${bridge.url}/healthz`)).rejects.toThrow();
  });
});
