import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3NegativeResponseError, Pop3Session } from '../../shared/pop3/index.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot-harness.ts';
import { openTunnel } from '../support/ws-tunnel-channel.ts';
import { dovecotTargets, startTestBridge, TEST_ORIGIN } from '../support/bridge-fixture.ts';

const PASSWORD = 'p4ss word with spaces';
const logs: Array<Record<string, unknown>> = [];
let dovecot: DovecotServer;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;

beforeAll(async () => {
  const message = new TextEncoder().encode('Subject: hello\r\n\r\nbody\r\n');
  dovecot = await startDovecot({
    users: [{ user: 'ada', password: PASSWORD, messages: [message] }],
    extraConfig: 'auth_failure_delay = 0\n',
  });
  bridge = await startTestBridge(dovecot.pki.caCertFile, dovecotTargets(dovecot), {}, logs);
});

afterAll(async () => {
  await bridge?.close();
  await dovecot?.stop();
});

async function login(target: string, mechanism: 'PLAIN' | 'USER', password: string) {
  const { ready, channel } = await openTunnel(bridge.tunnelUrl, target, { origin: TEST_ORIGIN, timeoutMs: 10_000 });
  const session = new Pop3Session(channel, { greeting: ready.greeting === 'consumed' ? 'none' : 'expect' });
  await session.open();
  try {
    await session.login({ user: 'ada', password, mechanism });
    return { session, stat: await session.stat() };
  } finally {
    channel.close();
  }
}

describe('logging in to a real Dovecot through the bridge', () => {
  for (const target of ['dovecot-tls', 'dovecot-stls', 'dovecot-plain']) {
    for (const mechanism of ['PLAIN', 'USER'] as const) {
      it(`logs in with ${mechanism} over ${target} and sees the mailbox`, async () => {
        const { stat } = await login(target, mechanism, PASSWORD);
        expect(stat.count).toBe(1);
      });
    }
  }

  it('offers PIPELINING and SASL PLAIN after STLS, learned from a CAPA sent after TLS', async () => {
    const { ready, channel } = await openTunnel(bridge.tunnelUrl, 'dovecot-stls', { origin: TEST_ORIGIN });
    const session = new Pop3Session(channel, { greeting: 'none' });
    const opened = await session.open();
    channel.close();
    expect(ready.greeting).toBe('consumed');
    expect(opened.greeting).toBeNull();
    expect(opened.capabilities?.pipelining).toBe(true);
    expect(opened.capabilities?.sasl).toContain('PLAIN');
    // Dovecot stops offering STLS once TLS is up.
    expect(opened.capabilities?.stls).toBe(false);
  });

  for (const mechanism of ['PLAIN', 'USER'] as const) {
    it(`rejects a wrong password with ${mechanism} as POP3_ERR_AUTH`, async () => {
      const failure = await login('dovecot-tls', mechanism, 'wrong').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Pop3NegativeResponseError);
      expect((failure as Pop3NegativeResponseError).code).toBe('POP3_ERR_AUTH');
    });
  }

  it('never writes the password or the AUTH line to the bridge log', () => {
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(`\0ada\0${PASSWORD}`).toString('base64'));
    expect(text).not.toMatch(/PASS /);
  });
});
