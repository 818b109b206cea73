import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelLineReader } from '../../support/channel-line-reader.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { generateMailbox } from '../../support/generated-mail.ts';
import { startLinkEmulator, type LinkEmulator } from '../../support/link-emulator.ts';
import { connectTls } from '../../support/node-byte-channel.ts';

let dovecot: DovecotServer;
let link: LinkEmulator;
const mail = generateMailbox({ count: 3, seed: 21, largeEvery: 3 });

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'slow', password: 'link', messages: mail }] });
  link = await startLinkEmulator({ target: { host: dovecot.host, port: dovecot.pop3sPort } });
});

afterAll(async () => {
  await link?.close();
  await dovecot?.stop();
});

async function openSession(): Promise<ChannelLineReader> {
  const channel = await connectTls('127.0.0.1', link.port, { ca: dovecot.pki.caCertPem, servername: dovecot.tlsHostname, timeoutMs: 10_000 });
  const reader = new ChannelLineReader(channel);
  expect(await reader.line()).toMatch(/^\+OK/);
  await reader.command('USER slow');
  expect(await reader.command('PASS link')).toMatch(/^\+OK/);
  return reader;
}

describe('the link emulator in front of a real Dovecot over TLS', () => {
  it('makes each POP3 round trip cost about twice the one-way delay', async () => {
    link.setProfile({ delayMs: 40, bandwidthBitsPerSecond: Infinity });
    const reader = await openSession();
    const start = performance.now();
    expect(await reader.command('NOOP')).toBe('+OK');
    const rtt = performance.now() - start;
    expect(rtt).toBeGreaterThanOrEqual(79);
    expect(rtt).toBeLessThan(200);
    link.setProfile({ delayMs: 0 });
  });

  it('cuts a large RETR part way when the downstream byte budget runs out', async () => {
    const reader = await openSession();
    const before = link.bytes().down;
    link.cutAfterBytes('down', 200_000);
    const status = await reader.command('RETR 3');
    expect(status).toMatch(/^\+OK/);
    let sawTerminator = false;
    try {
      for (let line = await reader.line(); line !== null; line = await reader.line()) if (line === '.') sawTerminator = true;
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    }
    expect(sawTerminator).toBe(false);
    expect(mail[2]!.byteLength).toBeGreaterThan(1_000_000);
    expect(link.bytes().down - before).toBe(200_000);
  });
});
