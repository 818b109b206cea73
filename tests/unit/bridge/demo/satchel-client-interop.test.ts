import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, loadDemoMailbox, startDemoPop3Server, type DemoMessage, type DemoPop3Server } from '../../../../bridge/demo/index.ts';
import { Pop3Session } from '../../../../shared/pop3/index.ts';
import { connectTcp, connectTls } from '../../../support/node-byte-channel.ts';
import { createTestPki } from '../../../support/test-pki.ts';

/**
 * The demo server against Satchel's own POP3 client (shared/pop3), two implementations
 * written apart: what the app will do on first start, minus the browser.
 */
let server: DemoPop3Server;
let mailbox: readonly DemoMessage[];

beforeAll(async () => {
  server = await startDemoPop3Server();
  mailbox = await loadDemoMailbox();
});

afterAll(async () => {
  await server.close();
});

async function session(): Promise<Pop3Session> {
  const pop3 = new Pop3Session(await connectTcp(server.host, server.port));
  await pop3.open();
  return pop3;
}

describe('the demo server with Satchel\'s POP3 client', () => {
  it('is seen with PIPELINING, UIDL, TOP and SASL PLAIN', async () => {
    const pop3 = new Pop3Session(await connectTcp(server.host, server.port));
    const { capabilities } = await pop3.open();
    expect(capabilities).toMatchObject({ pipelining: true, uidl: true, top: true, user: true, respCodes: true });
    expect(capabilities?.sasl).toContain('PLAIN');
    await pop3.quit();
  });

  it('downloads every message, pipelined, byte for byte as listed', async () => {
    const pop3 = await session();
    await pop3.login({ user: 'newcomer', password: 'demo' });
    const listing = await pop3.list();
    const uidls = await pop3.uidl();
    expect(uidls.map((u) => u.uid)).toEqual(mailbox.map((m) => m.uidl));
    const received = new Map<number, Uint8Array>();
    await pop3.retrMany(
      listing.map((l) => l.msg),
      (msg, bytes) => {
        received.set(msg, bytes);
      },
    );
    for (const { msg, size } of listing) {
      const bytes = received.get(msg) ?? new Uint8Array();
      expect(bytes.length, `message ${msg}`).toBe(size);
      expect(Buffer.from(bytes).equals(mailbox[msg - 1]?.octets ?? Buffer.alloc(0)), `message ${msg}`).toBe(true);
    }
    await pop3.quit();
  });

  it('logs in with USER/PASS as well as SASL PLAIN, and refuses a wrong password', async () => {
    const viaUser = await session();
    await viaUser.login({ user: 'a', password: 'demo', mechanism: 'USER' });
    expect((await viaUser.stat()).count).toBe(mailbox.length);
    await viaUser.quit();
    const wrong = await session();
    await expect(wrong.login({ user: 'a', password: 'nope', mechanism: 'PLAIN' })).rejects.toMatchObject({ code: expect.stringMatching(/^POP3_ERR_/) });
  });

  it('still has the whole mailbox after a session deleted and quit', async () => {
    const first = await session();
    await first.login({ user: 'a', password: 'demo' });
    await first.dele(1);
    await first.quit();
    const second = await session();
    await second.login({ user: 'a', password: 'demo' });
    expect((await second.stat()).count).toBe(mailbox.length);
    await second.quit();
  });
});

describe('the demo server over implicit TLS (the bridge load test\'s mail server)', () => {
  it('serves the same mailbox behind a certificate the client verifies', async () => {
    const pki = await createTestPki(mkdtempSync(join(tmpdir(), 'satchel-demo-tls-')));
    const tlsServer = await startDemoPop3Server({ tls: { cert: readFileSync(pki.serverCertFile, 'utf8'), key: readFileSync(pki.serverKeyFile, 'utf8') } });
    try {
      const pop3 = new Pop3Session(await connectTls(tlsServer.host, tlsServer.port, { ca: pki.caCertPem, servername: 'localhost' }));
      await pop3.open();
      await pop3.login({ user: 'anyone', password: DEMO_PASSWORD, mechanism: 'USER' });
      expect(await pop3.stat()).toEqual({ count: mailbox.length, size: mailbox.reduce((sum, m) => sum + m.octets.length, 0) });
      await pop3.quit();
    } finally {
      await tlsServer.close();
    }
  }, 20_000);
});
