/**
 * A bridge whose retained buffer fills long before the browser's next ack was due (here
 * 256 KiB against acks every MiB, and a timer that never fires in the test) asks for an ack
 * rather than wait: a real Dovecot over implicit TLS, the real bridge, shared/tunnel's client
 * over `ws`, and a message of 1.3–2.7 MB.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Session } from '../../shared/pop3/index.ts';
import { openResumableTunnel } from '../../shared/tunnel/index.ts';
import { dovecotTargets, startTestBridge, TEST_ORIGIN } from '../support/bridge-fixture.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot-harness.ts';
import { generateMailbox } from '../support/generated-mail.ts';

const USER = 'commuter';
const PASSWORD = 'between two tunnels';
const mail = generateMailbox({ count: 3, seed: 4, largeEvery: 2 });
const RETAINED_BYTES = 256 * 1024;

let dovecot: DovecotServer;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: USER, password: PASSWORD, messages: mail }] });
  bridge = await startTestBridge(dovecot.pki.caCertFile, dovecotTargets(dovecot), { limits: { resumeBufferBytes: RETAINED_BYTES } }, []);
});

afterAll(async () => {
  await bridge?.close();
  await dovecot?.stop();
});

describe('a retained buffer smaller than the browser’s ack interval', () => {
  it('asks the browser for an ack when it fills, so a large message streams without waiting for the ack timer', async () => {
    const tunnel = await openResumableTunnel({
      url: `ws://127.0.0.1:${bridge.port}/tunnel`,
      target: 'dovecot-tls',
      createWebSocket: (url) => new WebSocket(url, { origin: TEST_ORIGIN, perMessageDeflate: false }),
      ackEveryBytes: 1024 * 1024,
      ackIntervalMs: 60_000,
      stallTimeoutMs: 60_000,
    });
    const session = new Pop3Session(tunnel.channel);
    await session.open();
    await session.login({ user: USER, password: PASSWORD, mechanism: 'PLAIN' });
    const started = performance.now();
    const body = await session.retr(2);
    const seconds = (performance.now() - started) / 1000;
    expect(body.byteLength).toBeGreaterThan(4 * RETAINED_BYTES);
    // Without the request the bridge would wait for a timer 60 s away; with it, one round
    // trip on loopback per 256 KiB.
    expect(seconds).toBeLessThan(5);
    expect(tunnel.stats().reconnects).toBe(0);
    await session.quit();
  });
});
