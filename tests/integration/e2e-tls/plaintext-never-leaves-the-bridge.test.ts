// DESIGN.md invariant 4 for end-to-end targets: the bridge cannot read their TLS, but it does
// refuse to carry anything upward that is not TLS (bridge/upstream/end-to-end-gate.ts), so a
// modified or broken client cannot send a password in clear through them. The server side is
// a recording proxy in front of a real Dovecot, so the test sees every byte that left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TunnelError } from '../../../shared/tunnel/index.ts';
import { startTestBridge, TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { startRecordingProxy, type RecordingProxy } from '../../support/recording-proxy.ts';
import { openTunnel } from '../../support/ws-tunnel-channel.ts';

let dovecot: DovecotServer;
let implicitProxy: RecordingProxy;
let stlsProxy: RecordingProxy;
let bridge: Awaited<ReturnType<typeof startTestBridge>>;
const bridgeLog: Array<Record<string, unknown>> = [];
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'ada', password: 'in-the-clear-secret' }] });
  [implicitProxy, stlsProxy] = await Promise.all([startRecordingProxy({ host: dovecot.host, port: dovecot.pop3sPort }), startRecordingProxy({ host: dovecot.host, port: dovecot.pop3Port })]);
  bridge = await startTestBridge(dovecot.pki.caCertFile, [
    { name: 'e2e-implicit', label: 'Dovecot, end to end', host: 'localhost', port: implicitProxy.port, tls: 'implicit', allowLocal: true, endToEnd: true },
    { name: 'e2e-stls', label: 'Dovecot, end to end after STLS', host: 'localhost', port: stlsProxy.port, tls: 'starttls', allowLocal: true, endToEnd: true },
  ], {}, bridgeLog);
});

afterAll(async () => {
  await bridge?.close();
  await Promise.all([implicitProxy?.close(), stlsProxy?.close()]);
  await dovecot?.stop();
});

/** Writes each line on its own frame, then reads until the tunnel ends: the code it ended with. */
async function endAfterWriting(target: string, lines: string[]): Promise<string> {
  const { channel } = await openTunnel(bridge.tunnelUrl, target, { origin: TEST_ORIGIN });
  for (const line of lines) await channel.write(ascii(line));
  try {
    while ((await channel.read()) !== null);
  } catch (error) {
    if (error instanceof TunnelError) return error.code;
    throw error;
  }
  return 'ended cleanly';
}

describe('an end-to-end tunnel carries nothing upward but TLS', () => {
  it('refuses USER and PASS in clear to an implicit-TLS target, and not one of their bytes reaches the server', async () => {
    expect(await endAfterWriting('e2e-implicit', ['USER ada\r\n', 'PASS in-the-clear-secret\r\n'])).toBe('TUNNEL_ERR_NOT_TLS');
    expect(implicitProxy.fromBridge().length).toBe(0);
    // The bridge logs the end once the WebSocket has closed, a moment after the client heard why.
    await expect.poll(() => bridgeLog.filter((e) => e.event === 'tunnel-closed' && e.target === 'e2e-implicit')).toMatchObject([{ code: 'TUNNEL_ERR_NOT_TLS', bytesUp: 0 }]);
  });

  it('lets CAPA through before STLS, refuses USER there, and the server sees only the CAPA', async () => {
    expect(await endAfterWriting('e2e-stls', ['CAPA\r\n', 'USER ada\r\n', 'PASS in-the-clear-secret\r\n'])).toBe('TUNNEL_ERR_NOT_TLS');
    expect(stlsProxy.fromBridge().toString('latin1')).toBe('CAPA\r\n');
  });
});
