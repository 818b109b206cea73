import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, startBridge, type RunningBridge } from '../../../../bridge/index.ts';
import { createTestPki } from '../../../support/test-pki.ts';
import { openTestTunnel } from './tunnel-test-client.ts';

const ORIGIN = 'https://mail.example.org';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * A bridge whose one target is an implicit-TLS upstream that writes `chunks`, each its own
 * write and so its own TLS record (as Dovecot's are, ~4 kB), all in one go, then maybe ends.
 */
async function bridgeTo(chunks: Buffer[], end: boolean): Promise<RunningBridge> {
  const dir = await mkdtemp(join(tmpdir(), 'satchel-coalesce-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const pki = await createTestPki(dir);
  const server = createServer({ cert: await readFile(pki.serverCertFile), key: await readFile(pki.serverKeyFile) }, (socket) => {
    socket.on('error', () => undefined);
    for (const chunk of chunks) socket.write(chunk);
    if (end) socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as { port: number }).port;
  const target = { name: 'local', label: 'Local', host: 'localhost', port, tls: 'implicit', allowLocal: true };
  const config = loadConfig({ listen: { host: '127.0.0.1', port: 0 }, allowedOrigins: [ORIGIN], staticDir: null, upstreamCaFile: pki.caCertFile, targets: [target] }, process.cwd());
  const bridge = await startBridge(config, { log: () => undefined });
  cleanups.push(() => bridge.close());
  return bridge;
}

function lines(count: number, size: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(`${String(i).padStart(6, '0')} ${'x'.repeat(size - 9)}\r\n`, 'latin1'));
}

describe('bridge → browser messages', () => {
  it('relays a burst of 200 TLS records byte for byte, gathered into messages of at most 64 KiB', async () => {
    const chunks = lines(200, 1000);
    const bridge = await bridgeTo(chunks, false);
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    const sizes: number[] = [];
    tunnel.ws.on('message', (data, isBinary) => void (isBinary && sizes.push((data as Buffer).byteLength)));
    tunnel.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'local' }));
    const expected = Buffer.concat(chunks).toString('latin1');
    expect(await tunnel.waitForBytes(expected.slice(-1000))).toBe(expected);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(64 * 1024);
  });

  it('never lets upstream-closed overtake the last bytes from the server', async () => {
    const chunks = lines(50, 500);
    const bridge = await bridgeTo(chunks, true);
    const tunnel = await openTestTunnel(bridge.url, ORIGIN);
    tunnel.ws.send(JSON.stringify({ type: 'open', v: 1, target: 'local' }));
    expect(await tunnel.nextControl()).toMatchObject({ type: 'ready' });
    const closedNotice = await tunnel.nextControl();
    expect(closedNotice).toEqual({ type: 'upstream-closed', v: 1 });
    expect(tunnel.received()).toBe(Buffer.concat(chunks).toString('latin1'));
  });
});
