import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TunnelError } from '../../shared/tunnel/index.ts';
import { Pop3Session } from '../../shared/pop3/index.ts';
import { createTestPki, type TestPki } from '../support/test-pki.ts';
import { startFaultServer, type FaultServer } from '../support/fault-server.ts';
import { FAULT_MAILBOX, serverInjectingAfterStls, serverRefusingStls, serverWithoutStls } from '../support/fault-scripts.ts';
import { openTunnel } from '../support/ws-tunnel-channel.ts';
import { startTestBridge, TEST_ORIGIN } from '../support/bridge-fixture.ts';

// A real Dovecot does not refuse STLS or inject bytes on cue, so these run against the fault server.
let dir: string;
let pki: TestPki;
const servers: FaultServer[] = [];
let bridge: Awaited<ReturnType<typeof startTestBridge>>;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'satchel-stls-'));
  pki = await createTestPki(dir);
  const tls = { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile };
  const [noStls, refusing, injecting] = await Promise.all([
    startFaultServer(serverWithoutStls, { tls }),
    startFaultServer(serverRefusingStls, { tls }),
    startFaultServer(serverInjectingAfterStls, { tls }),
  ]);
  servers.push(noStls, refusing, injecting);
  const target = (name: string, port: number) => ({ name, label: name, host: 'localhost', port, tls: 'starttls', allowLocal: true });
  bridge = await startTestBridge(
    pki.caCertFile,
    [target('no-stls', noStls.port), target('refusing', refusing.port), target('injecting', injecting.port)],
    {},
    logs,
  );
});

afterAll(async () => {
  await bridge?.close();
  await Promise.all(servers.map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

async function refusal(target: string): Promise<string> {
  const failure = await openTunnel(bridge.tunnelUrl, target, { origin: TEST_ORIGIN, timeoutMs: 10_000 }).then(
    () => new Error('tunnel opened'),
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(TunnelError);
  return (failure as TunnelError).code;
}

describe('STLS done by the bridge fails closed', () => {
  it('refuses a server that does not offer STLS, and never falls back to plaintext', async () => {
    expect(await refusal('no-stls')).toBe('TUNNEL_ERR_STLS_UNAVAILABLE');
  });

  it('refuses a server that answers STLS with -ERR', async () => {
    expect(await refusal('refusing')).toBe('TUNNEL_ERR_STLS_REFUSED');
  });

  it('discards bytes injected between the STLS +OK and the handshake', async () => {
    const { ready, channel } = await openTunnel(bridge.tunnelUrl, 'injecting', { origin: TEST_ORIGIN, timeoutMs: 10_000 });
    expect(ready.greeting).toBe('consumed');
    const session = new Pop3Session(channel, { greeting: 'none' });
    // Had the injected "+OK injected" leaked through, it would answer CAPA and desynchronise
    // every response after it; instead CAPA gets the real post-TLS capability list.
    const { capabilities } = await session.open();
    expect(capabilities?.raw).toEqual(['USER', 'UIDL', 'TOP', 'RESP-CODES', 'PIPELINING']);
    await session.login({ user: 'ada', password: 'secret', mechanism: 'USER' });
    const first = await session.retr(1);
    expect(new TextDecoder().decode(first)).toBe(FAULT_MAILBOX[0]);
    await session.quit();
  });
});
