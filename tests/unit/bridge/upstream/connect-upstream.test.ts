import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket, createServer as createTlsServer, rootCertificates } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../../../bridge/config/index.ts';
import { connectUpstream } from '../../../../bridge/upstream/index.ts';
import { TunnelError } from '../../../../shared/tunnel/index.ts';
import { createTestPki } from '../../../support/test-pki.ts';

let cert: Buffer;
let key: Buffer;
let ca: string[];
let pkiDir: string;
const servers: Server[] = [];

beforeAll(async () => {
  pkiDir = await mkdtemp(join(tmpdir(), 'satchel-bridge-pki-'));
  const pki = await createTestPki(pkiDir);
  cert = await readFile(pki.serverCertFile);
  key = await readFile(pki.serverKeyFile);
  ca = [...rootCertificates, pki.caCertPem];
});

afterAll(async () => {
  await rm(pkiDir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

// Test servers resume() their sockets: a paused socket never reads the peer's FIN, never
// closes, and server.close() in afterEach would wait forever.

/** A POP3 server on 110 that greets, answers CAPA with `capa`, and STLS with `stls`. */
function stlsServer(capa: string, stls: (socket: Socket) => void): Server {
  return createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('+OK ready\r\n');
    let pending = '';
    const onData = (chunk: Buffer): void => {
      pending += chunk.toString('latin1');
      if (pending.includes('CAPA\r\n')) {
        pending = pending.replace('CAPA\r\n', '');
        socket.write(capa);
      }
      if (pending.includes('STLS\r\n')) {
        socket.off('data', onData);
        stls(socket);
      }
    };
    socket.on('data', onData);
  });
}

function upgradeToTls(socket: Socket, afterHandshake: string): void {
  const secure = new TLSSocket(socket, { isServer: true, cert, key });
  secure.on('error', () => undefined);
  secure.on('secure', () => secure.write(afterHandshake));
}

const target = (port: number, overrides: Partial<TargetConfig>): TargetConfig => ({
  name: 't',
  label: 'T',
  host: 'localhost',
  port,
  tls: 'implicit',
  allowLocal: true,
  endToEnd: false,
  ...overrides,
});

function firstBytes(socket: Socket): Promise<string> {
  return new Promise((resolve) => socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TunnelError);
  return (error as TunnelError).code;
}

const options = () => ({ ca, connectTimeoutMs: 3000 });

describe('connectUpstream with implicit TLS', () => {
  it('verifies the certificate for the configured host name and relays the greeting', async () => {
    const port = await listen(createTlsServer({ cert, key }, (s) => s.end('+OK tls ready\r\n')));
    const upstream = await connectUpstream({ target: target(port, {}), address: '127.0.0.1', family: 4 }, options());
    expect(upstream).toMatchObject({ tls: 'implicit', greeting: 'relayed' });
    expect(await firstBytes(upstream.socket)).toBe('+OK tls ready\r\n');
    upstream.socket.destroy();
  });

  it('fails with TUNNEL_ERR_TLS when the host is an IP the certificate does not name', async () => {
    const port = await listen(createTlsServer({ cert, key }, (s) => s.end('+OK\r\n')));
    expect(await codeOf(connectUpstream({ target: target(port, { host: '127.0.0.1' }), address: '127.0.0.1', family: 4 }, options()))).toBe('TUNNEL_ERR_TLS');
  });

  it('fails with TUNNEL_ERR_TLS when the CA is not trusted', async () => {
    const port = await listen(createTlsServer({ cert, key }, (s) => s.end('+OK\r\n')));
    expect(await codeOf(connectUpstream({ target: target(port, {}), address: '127.0.0.1', family: 4 }, { ca: undefined, connectTimeoutMs: 3000 }))).toBe('TUNNEL_ERR_TLS');
  });

  it('fails with TUNNEL_ERR_TLS against a server that speaks plaintext', async () => {
    const port = await listen(createServer((s) => s.resume().end('+OK plain\r\n')));
    expect(await codeOf(connectUpstream({ target: target(port, {}), address: '127.0.0.1', family: 4 }, options()))).toBe('TUNNEL_ERR_TLS');
  });

  it('fails with TUNNEL_ERR_CONNECT when the server never answers the TLS handshake in time', async () => {
    const port = await listen(createServer((s) => void s.resume()));
    expect(await codeOf(connectUpstream({ target: target(port, {}), address: '127.0.0.1', family: 4 }, { ca, connectTimeoutMs: 100 }))).toBe('TUNNEL_ERR_CONNECT');
  });
});

describe('connectUpstream for an end-to-end target', () => {
  it('does no TLS itself and hands over the server\'s raw bytes, for the browser\'s own TLS', async () => {
    const port = await listen(createServer((s) => s.end('\x16\x03\x03 raw bytes')));
    const upstream = await connectUpstream({ target: target(port, { endToEnd: true }), address: '127.0.0.1', family: 4 }, options());
    expect(upstream).toMatchObject({ tls: 'implicit', greeting: 'relayed', endToEnd: true });
    expect(await firstBytes(upstream.socket)).toBe('\x16\x03\x03 raw bytes');
    upstream.socket.destroy();
  });

  it('leaves STLS to the browser: the greeting is relayed, not consumed', async () => {
    const port = await listen(createServer((s) => s.end('+OK POP3 ready\r\n')));
    const upstream = await connectUpstream({ target: target(port, { tls: 'starttls', endToEnd: true }), address: '127.0.0.1', family: 4 }, options());
    expect(upstream).toMatchObject({ tls: 'starttls', greeting: 'relayed', discardedBytes: 0, endToEnd: true });
    expect(await firstBytes(upstream.socket)).toBe('+OK POP3 ready\r\n');
    upstream.socket.destroy();
  });
});

describe('connectUpstream with STLS', () => {
  it('does STLS, verifies the certificate and reports the greeting as consumed', async () => {
    const port = await listen(stlsServer('+OK\r\nSTLS\r\nUSER\r\n.\r\n', (s) => {
      s.write('+OK begin TLS\r\n');
      upgradeToTls(s, '+OK after TLS\r\n');
    }));
    const upstream = await connectUpstream({ target: target(port, { tls: 'starttls' }), address: '127.0.0.1', family: 4 }, options());
    expect(upstream).toMatchObject({ tls: 'starttls', greeting: 'consumed', discardedBytes: 0 });
    expect(await firstBytes(upstream.socket)).toBe('+OK after TLS\r\n');
    upstream.socket.destroy();
  });

  it('discards bytes injected after the STLS +OK so they never reach the client', async () => {
    const port = await listen(stlsServer('+OK\r\nSTLS\r\n.\r\n', (s) => {
      s.write('+OK begin TLS\r\n+OK injected\r\n');
      upgradeToTls(s, '+OK after TLS\r\n');
    }));
    const upstream = await connectUpstream({ target: target(port, { tls: 'starttls' }), address: '127.0.0.1', family: 4 }, options());
    const first = await firstBytes(upstream.socket);
    expect(first).toBe('+OK after TLS\r\n');
    expect(first).not.toContain('injected');
    // Sent in one write with the +OK, so it arrived in the same read: counted all the same.
    expect(upstream.discardedBytes).toBe('+OK injected\r\n'.length);
    upstream.socket.destroy();
  });

  it('fails with TUNNEL_ERR_STLS_UNAVAILABLE when CAPA does not list STLS', async () => {
    const port = await listen(stlsServer('+OK\r\nUSER\r\n.\r\n', (s) => s.end()));
    expect(await codeOf(connectUpstream({ target: target(port, { tls: 'starttls' }), address: '127.0.0.1', family: 4 }, options()))).toBe('TUNNEL_ERR_STLS_UNAVAILABLE');
  });

  it('fails with TUNNEL_ERR_STLS_UNAVAILABLE when CAPA is refused', async () => {
    const port = await listen(stlsServer('-ERR no CAPA here\r\n', (s) => s.end()));
    expect(await codeOf(connectUpstream({ target: target(port, { tls: 'starttls' }), address: '127.0.0.1', family: 4 }, options()))).toBe('TUNNEL_ERR_STLS_UNAVAILABLE');
  });

  it('fails with TUNNEL_ERR_STLS_REFUSED when the server answers STLS with -ERR', async () => {
    const port = await listen(stlsServer('+OK\r\nSTLS\r\n.\r\n', (s) => s.write('-ERR not today\r\n')));
    expect(await codeOf(connectUpstream({ target: target(port, { tls: 'starttls' }), address: '127.0.0.1', family: 4 }, options()))).toBe('TUNNEL_ERR_STLS_REFUSED');
  });

  it('fails with TUNNEL_ERR_TLS after STLS when the certificate does not match an IP host', async () => {
    const port = await listen(stlsServer('+OK\r\nSTLS\r\n.\r\n', (s) => {
      s.write('+OK begin TLS\r\n');
      upgradeToTls(s, '+OK after TLS\r\n');
    }));
    expect(await codeOf(connectUpstream({ target: target(port, { tls: 'starttls', host: '127.0.0.1' }), address: '127.0.0.1', family: 4 }, options()))).toBe('TUNNEL_ERR_TLS');
  });

  it('fails with TUNNEL_ERR_UPSTREAM_PROTOCOL when the greeting is not POP3', async () => {
    const port = await listen(createServer((s) => {
      s.on('error', () => undefined);
      s.resume().write('220 smtp.example.org ESMTP\r\n');
    }));
    expect(await codeOf(connectUpstream({ target: target(port, { tls: 'starttls' }), address: '127.0.0.1', family: 4 }, options()))).toBe('TUNNEL_ERR_UPSTREAM_PROTOCOL');
  });
});

describe('connectUpstream with plaintext', () => {
  it('refuses plaintext to a non-loopback address at connect time', async () => {
    expect(await codeOf(connectUpstream({ target: target(110, { tls: 'plaintext' }), address: '10.0.0.1', family: 4 }, options()))).toBe('TUNNEL_ERR_TARGET_DENIED');
  });

  it('refuses plaintext without allowLocal at connect time', async () => {
    expect(await codeOf(connectUpstream({ target: target(110, { tls: 'plaintext', allowLocal: false }), address: '127.0.0.1', family: 4 }, options()))).toBe('TUNNEL_ERR_TARGET_DENIED');
  });

  it('stops when the signal aborts', async () => {
    const port = await listen(createServer((s) => void s.resume()));
    const controller = new AbortController();
    const pending = connectUpstream({ target: target(port, {}), address: '127.0.0.1', family: 4 }, { ca, connectTimeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    expect(await codeOf(pending)).toBe('TUNNEL_ERR_CLOSED');
  });
});
