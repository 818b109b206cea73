/**
 * The bridge frees a tunnel's deflate context when no compressed message has gone out for
 * compression.releaseIdleMs, and the browser side, whose inflater keeps its own context
 * (RFC 7692 context takeover), goes on decoding what comes after: a real Dovecot, the real
 * bridge, and ws's client inflater (zlib, as Chromium's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Pop3Session } from '../../../shared/pop3/index.ts';
import { startTestBridge, TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { generateMailbox } from '../../support/generated-mail.ts';
import { connectTcp } from '../../support/node-byte-channel.ts';

const USER = 'idler';
const PASSWORD = 'pauses between messages';
const mail = generateMailbox({ count: 3, seed: 5 });

let dovecot: DovecotServer;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;
const logs: Array<Record<string, unknown>> = [];
let direct: Uint8Array[];

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD, messages: mail }] });
  bridge = await startTestBridge(
    dovecot.pki.caCertFile,
    [{ name: 'dovecot', label: 'Dovecot', host: '127.0.0.1', port: dovecot.pop3Port, tls: 'plaintext', allowLocal: true }],
    { compression: { adaptive: false, releaseIdleMs: 100 } },
    logs,
  );
  const session = new Pop3Session(await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 20_000 }));
  await session.open();
  await session.login({ user: USER, password: PASSWORD, mechanism: 'USER' });
  direct = [await session.retr(1), await session.retr(2), await session.retr(3)];
  await session.quit();
});

afterAll(async () => {
  await bridge?.close();
  await dovecot?.stop();
});

describe('idle deflate release', () => {
  it('frees the deflate context between messages, and every message after it still arrives byte for byte', async () => {
    const ws = new WebSocket(bridge.tunnelUrl, { origin: TEST_ORIGIN, perMessageDeflate: { threshold: 0 } });
    let received = Buffer.alloc(0);
    ws.on('message', (data, isBinary) => {
      if (isBinary) received = Buffer.concat([received, data as Buffer]);
    });
    await new Promise((resolve) => ws.once('open', resolve));
    expect(ws.extensions).toContain('permessage-deflate');
    ws.send(JSON.stringify({ type: 'open', v: 1, target: 'dovecot' }));
    const until = async (check: () => boolean): Promise<void> => {
      while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await until(() => received.includes('\r\n'));
    ws.send(Buffer.from(`USER ${USER}\r\nPASS ${PASSWORD}\r\n`));
    await until(() => received.includes('Logged in'));
    for (let msg = 1; msg <= 3; msg++) {
      const start = received.length;
      ws.send(Buffer.from(`RETR ${msg}\r\n`));
      await until(() => received.subarray(start).includes('\r\n.\r\n'));
      const answer = received.subarray(start);
      const body = answer.subarray(answer.indexOf('\r\n') + 2, answer.length - 3);
      // Dot-stuffed on the wire, as Dovecot sent it; the direct copy is unstuffed.
      expect(Buffer.from(body).toString('latin1').replace(/\r\n\.\./g, '\r\n.')).toBe(Buffer.from(direct[msg - 1]!).toString('latin1'));
      // Idle past releaseIdleMs before the next message.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    ws.close(1000);
    await until(() => logs.some((entry) => entry.event === 'tunnel-closed'));
    const closed = logs.find((entry) => entry.event === 'tunnel-closed')!;
    expect(closed.bytesDownDeflated).toBeGreaterThan(0);
    expect(closed.deflateReleases).toBeGreaterThanOrEqual(3);
  });
});
