import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTcp, connectTls } from '../../support/node-byte-channel.ts';
import { createTestPki, type TestPki } from '../../support/test-pki.ts';

let pkiDir: string;
let pki: TestPki;

beforeAll(async () => {
  pkiDir = await mkdtemp(join(tmpdir(), 'satchel-channel-test-'));
  pki = await createTestPki(pkiDir);
});

afterAll(async () => {
  await rm(pkiDir, { recursive: true, force: true });
});

async function listen(
  server: Server,
  onSocket?: (socket: Socket) => void,
  event: 'connection' | 'secureConnection' = 'connection',
): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on(event, (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onSocket?.(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('connectTcp', () => {
  it('reads what the server sends, then null at EOF', async () => {
    const server = await listen(createServer(), (socket) => socket.end('+OK hi\r\n'));
    const channel = await connectTcp('127.0.0.1', server.port);
    const received: string[] = [];
    for (let chunk = await channel.read(); chunk !== null; chunk = await channel.read()) received.push(Buffer.from(chunk).toString());
    expect(received.join('')).toBe('+OK hi\r\n');
    await server.close();
  });

  it('writes bytes to the server', async () => {
    let got = '';
    const server = await listen(createServer(), (socket) => socket.on('data', (chunk) => (got += chunk)));
    const channel = await connectTcp('127.0.0.1', server.port);
    channel.write(Buffer.from('CAPA\r\n'));
    await expect.poll(() => got).toBe('CAPA\r\n');
    channel.close();
    await server.close();
  });

  it('rejects a read that waits longer than timeoutMs, naming the peer and the timeout', async () => {
    const server = await listen(createServer());
    const channel = await connectTcp('127.0.0.1', server.port, { timeoutMs: 80 });
    await expect(channel.read()).rejects.toThrow(`no bytes from 127.0.0.1:${server.port} within 80 ms`);
    channel.close();
    await server.close();
  });

  it('rejects when nothing listens', async () => {
    const server = await listen(createServer());
    await server.close();
    await expect(connectTcp('127.0.0.1', server.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('connectTls', () => {
  async function tlsServer() {
    return listen(
      createTlsServer({ cert: readFileSync(pki.serverCertFile), key: readFileSync(pki.serverKeyFile) }),
      (socket) => socket.end('+OK secure\r\n'),
      'secureConnection',
    );
  }

  it('trusts the test CA for the name localhost', async () => {
    const server = await tlsServer();
    const channel = await connectTls('127.0.0.1', server.port, { ca: pki.caCertPem, servername: 'localhost' });
    expect(Buffer.from((await channel.read())!).toString()).toBe('+OK secure\r\n');
    channel.close();
    await server.close();
  });

  it('refuses the test certificate for the name 127.0.0.1, which it does not carry', async () => {
    const server = await tlsServer();
    await expect(connectTls('127.0.0.1', server.port, { ca: pki.caCertPem })).rejects.toThrow(/IP: 127\.0\.0\.1 is not in the cert's list/);
    await server.close();
  });

  it('refuses a certificate whose issuer it was not told to trust', async () => {
    const server = await tlsServer();
    // Trusting the leaf alone is not trusting its CA: the chain cannot be built.
    const notTheCa = readFileSync(pki.serverCertFile, 'utf8');
    await expect(connectTls('127.0.0.1', server.port, { ca: notTheCa, servername: 'localhost' })).rejects.toThrow(/unable to (get local issuer|verify the first certificate)/i);
    await server.close();
  });
});
