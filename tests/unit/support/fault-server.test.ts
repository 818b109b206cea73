import { mkdtemp, rm } from 'node:fs/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChannelLineReader } from '../../support/channel-line-reader.ts';
import { startFaultServer, type FaultServer } from '../../support/fault-server.ts';
import {
  FAULT_MAILBOX,
  INJECTED_LINE,
  serverCuttingFirstRetr,
  serverCuttingMidRetr,
  serverInjectingAfterStls,
  serverRefusingStls,
  serverWithoutStls,
} from '../../support/fault-scripts.ts';
import { connectTcp, socketChannel } from '../../support/node-byte-channel.ts';
import { createTestPki, type TestPki } from '../../support/test-pki.ts';

let pkiDir: string;
let pki: TestPki;
const servers: FaultServer[] = [];

beforeAll(async () => {
  pkiDir = await mkdtemp(join(tmpdir(), 'satchel-fault-test-'));
  pki = await createTestPki(pkiDir);
});

afterAll(async () => {
  await rm(pkiDir, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(script: Parameters<typeof startFaultServer>[0]): Promise<FaultServer> {
  const server = await startFaultServer(script, { tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile } });
  servers.push(server);
  return server;
}

async function login(server: FaultServer): Promise<ChannelLineReader> {
  const reader = new ChannelLineReader(await connectTcp(server.host, server.port, { timeoutMs: 2_000 }));
  expect(await reader.line()).toMatch(/^\+OK/);
  await reader.command('USER u');
  await reader.command('PASS p');
  return reader;
}

/** Every line until the connection ends, by FIN or by reset (a cut may arrive as either). */
async function readRest(reader: ChannelLineReader): Promise<string[]> {
  const lines: string[] = [];
  try {
    for (let line = await reader.line(); line !== null; line = await reader.line()) lines.push(line);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
  }
  return lines;
}

/** Reads from a raw socket until `predicate` holds for everything received so far. */
function readUntil(socket: Socket, predicate: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (predicate(text)) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

describe('the fault server', () => {
  it('without STLS: leaves STLS out of CAPA and answers STLS with -ERR', async () => {
    const server = await start(serverWithoutStls);
    const reader = new ChannelLineReader(await connectTcp(server.host, server.port, { timeoutMs: 2_000 }));
    await reader.line();
    const capa = await reader.multiline('CAPA');
    expect(capa.lines).toContain('UIDL');
    expect(capa.lines).not.toContain('STLS');
    expect(await reader.command('STLS')).toMatch(/^-ERR/);
  });

  it('refusing STLS: advertises STLS, then answers it with -ERR', async () => {
    const server = await start(serverRefusingStls);
    const reader = new ChannelLineReader(await connectTcp(server.host, server.port, { timeoutMs: 2_000 }));
    await reader.line();
    expect((await reader.multiline('CAPA')).lines).toContain('STLS');
    expect(await reader.command('STLS')).toMatch(/^-ERR/);
  });

  it('injecting: sends a second line in the same write as the STLS +OK, then does TLS and answers CAPA honestly', async () => {
    const server = await start(serverInjectingAfterStls);
    const socket = netConnect({ host: server.host, port: server.port });
    await readUntil(socket, (text) => text.endsWith('\r\n'));
    socket.write('STLS\r\n');
    // Both lines arrive before any handshake: exactly what a client must throw away.
    const beforeTls = await readUntil(socket, (text) => text.includes(INJECTED_LINE));
    expect(beforeTls).toBe(`+OK Begin TLS negotiation\r\n${INJECTED_LINE}`);

    const secure = tlsConnect({ socket, ca: pki.caCertPem, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
    const reader = new ChannelLineReader(socketChannel(secure, { timeoutMs: 2_000 }));
    const capa = await reader.multiline('CAPA');
    expect(capa.status).toMatch(/^\+OK/);
    expect(capa.lines).not.toContain('STLS');
    expect(await reader.command('NOOP')).toBe('+OK');
    secure.destroy();
  });

  it('cutting mid-RETR: sends the +OK and part of the message, then the connection ends', async () => {
    const server = await start(serverCuttingFirstRetr);
    const reader = await login(server);
    expect(await reader.command('RETR 1')).toMatch(/^\+OK \d+ octets$/);
    const received = await readRest(reader);
    expect(received).not.toContain('.');
    expect(received.join('\r\n').length).toBeLessThan(FAULT_MAILBOX[0].length);
  });

  it('cutting after one full RETR: serves the first message whole and cuts the second', async () => {
    const server = await start(serverCuttingMidRetr(1));
    const reader = await login(server);
    expect((await reader.multiline('RETR 1')).lines).toEqual(['Subject: one', '', 'first body']);
    expect(await reader.command('RETR 2')).toMatch(/^\+OK/);
    const received = await readRest(reader);
    expect(received.length).toBeGreaterThan(0);
    expect(received).not.toContain('.');
  });
});
