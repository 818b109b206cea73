import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pop3Session } from '../../../../shared/pop3/index.ts';
import { startAppBridgeChild, type AppBridgeChild } from '../../../bench/clients/app-bridge-child.ts';
import { TEST_ORIGIN } from '../../../support/bridge-fixture.ts';
import { startDovecot, type DovecotServer } from '../../../support/dovecot-harness.ts';
import { openTunnel } from '../../../support/ws-tunnel-channel.ts';

let dovecot: DovecotServer;
let bridge: AppBridgeChild;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'ada', password: 'secret' }] });
  bridge = await startAppBridgeChild({
    listen: { host: '127.0.0.1', port: 0 },
    allowedOrigins: [TEST_ORIGIN],
    upstreamCaFile: dovecot.pki.caCertFile,
    targets: [{ name: 'dovecot', label: 'Dovecot', host: dovecot.tlsHostname, port: dovecot.pop3sPort, tls: 'implicit', allowLocal: true }],
  }, process.cwd());
});

afterAll(async () => {
  await bridge?.close();
  await dovecot?.stop();
});

describe("the bench's app bridge in a process of its own", () => {
  it("tunnels to Dovecot and reports the tunnel's bytes and log to the bench", async () => {
    const { channel } = await openTunnel(`ws://127.0.0.1:${bridge.port}/tunnel`, 'dovecot', { origin: TEST_ORIGIN, timeoutMs: 10_000 });
    const session = new Pop3Session(channel);
    const { greeting } = await session.open();
    expect(greeting).toMatch(/Dovecot|ready/i);
    const [tunnel] = await bridge.tunnels();
    expect(tunnel?.bytesDown).toBeGreaterThan(0);
    channel.close();
    const events = () => bridge.log.map((entry) => entry.event);
    for (let i = 0; i < 50 && !events().includes('tunnel-closed'); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events()).toEqual(expect.arrayContaining(['bridge-listening', 'tunnel-accepted', 'tunnel-closed']));
  });

  it('ends with close, after which asking for its tunnels fails instead of hanging', async () => {
    await bridge.close();
    await expect(bridge.tunnels()).rejects.toThrow(/gone/);
  });
});
