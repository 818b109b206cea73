import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TunnelError } from '../../shared/tunnel/index.ts';
import { Pop3Session } from '../../shared/pop3/index.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot-harness.ts';
import { openTunnel } from '../support/ws-tunnel-channel.ts';
import { startTestBridge, TEST_ORIGIN } from '../support/bridge-fixture.ts';

let dovecot: DovecotServer;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'ada', password: 'secret' }] });
  bridge = await startTestBridge(dovecot.pki.caCertFile, [
    { name: 'good', label: 'Dovecot', host: 'localhost', port: dovecot.pop3sPort, tls: 'implicit', allowLocal: true },
    // The certificate names only "localhost": reaching the same server by IP must fail the host check.
    { name: 'wrong-name', label: 'Wrong name', host: '127.0.0.1', port: dovecot.pop3sPort, tls: 'implicit', allowLocal: true },
    // Without allowLocal, a name that resolves to loopback is refused after DNS resolution.
    { name: 'loopback-by-name', label: 'Loopback', host: 'localhost', port: dovecot.pop3sPort, tls: 'implicit' },
    { name: 'private-ip', label: 'Private', host: '10.20.30.40', port: 995, tls: 'implicit' },
    { name: 'mapped-loopback', label: 'Mapped', host: '::ffff:127.0.0.1', port: dovecot.pop3sPort, tls: 'implicit' },
    // End to end changes what the bridge does after connecting, never what it lets through.
    { name: 'e2e-loopback-by-name', label: 'Loopback, end to end', host: 'localhost', port: dovecot.pop3sPort, tls: 'implicit', endToEnd: true },
    { name: 'e2e-good', label: 'Dovecot, end to end', host: 'localhost', port: dovecot.pop3sPort, tls: 'implicit', allowLocal: true, endToEnd: true },
  ]);
});

afterAll(async () => {
  await bridge?.close();
  await dovecot?.stop();
});

async function refusal(target: string, origin = TEST_ORIGIN): Promise<string> {
  const error = await openTunnel(bridge.tunnelUrl, target, { origin, timeoutMs: 10_000 }).then(
    (tunnel) => {
      tunnel.channel.close();
      throw new Error(`tunnel to ${target} opened but should have been refused`);
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(TunnelError);
  return (error as TunnelError).code;
}

describe('the bridge refuses what its config does not allow', () => {
  it('opens a tunnel to an allowed target, so the refusals below are meaningful', async () => {
    const { ready, channel } = await openTunnel(bridge.tunnelUrl, 'good', { origin: TEST_ORIGIN });
    const session = new Pop3Session(channel);
    const { greeting } = await session.open();
    channel.close();
    expect(ready.tls).toBe('implicit');
    expect(greeting).toMatch(/Dovecot|ready/i);
  });

  it('refuses a target name that is not in its config', async () => {
    expect(await refusal('nowhere')).toBe('TUNNEL_ERR_TARGET_UNKNOWN');
  });

  it('refuses a target that resolves to a loopback address unless the config allows it', async () => {
    expect(await refusal('loopback-by-name')).toBe('TUNNEL_ERR_TARGET_DENIED');
  });

  it('refuses an end-to-end target at a loopback address just the same, and checks Origin for it', async () => {
    expect(await refusal('e2e-loopback-by-name')).toBe('TUNNEL_ERR_TARGET_DENIED');
    expect(await refusal('e2e-good', 'https://evil.example')).toBe('TUNNEL_ERR_ORIGIN_DENIED');
  });

  it('refuses a target at a private address', async () => {
    expect(await refusal('private-ip')).toBe('TUNNEL_ERR_TARGET_DENIED');
  });

  it('refuses an IPv4-mapped IPv6 loopback address', async () => {
    expect(await refusal('mapped-loopback')).toBe('TUNNEL_ERR_TARGET_DENIED');
  });

  it('refuses a page from an Origin that is not allowed', async () => {
    expect(await refusal('good', 'https://evil.example')).toBe('TUNNEL_ERR_ORIGIN_DENIED');
  });

  it('refuses a server whose certificate does not match the host name', async () => {
    expect(await refusal('wrong-name')).toBe('TUNNEL_ERR_TLS');
  });

  it('closes the tunnel with 1009 when a frame is larger than maxPayload', async () => {
    const { ws } = await openTunnel(bridge.tunnelUrl, 'good', { origin: TEST_ORIGIN });
    const closed = new Promise<number>((resolve) => ws.once('close', (code: number) => resolve(code)));
    ws.send(Buffer.alloc(64 * 1024, 0x41));
    expect(await closed).toBe(1009);
  });
});
