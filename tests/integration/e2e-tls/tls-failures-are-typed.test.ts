// Every way the Worker's own TLS can refuse a mail server, through the real bridge in
// end-to-end mode: a typed TlsError with a stable code, before any POP3 byte (so before the
// password) leaves the browser. Real TLS servers (Node's, OpenSSL 3) with openssl-made chains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pop3Session } from '../../../shared/pop3/index.ts';
import { createTrustStore, TlsError, type TrustStore } from '../../../shared/tls/index.ts';
import { CIPHERTEXT_MAX_FRAME_BYTES, openResumableTunnel } from '../../../shared/tunnel/index.ts';
import { openSyncChannel } from '../../../web/src/lib/sync/engine/open-sync-channel.ts';
import WebSocket from 'ws';
import { startTestBridge, TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import { startFaultServer, type FaultServer } from '../../support/fault-server.ts';
import { FAULT_MAILBOX, serverInjectingAfterStls } from '../../support/fault-scripts.ts';
import { createTestPki } from '../../support/test-pki.ts';
import { createTlsCasePki, type ServerCert } from '../../support/tls-case-pki.ts';

let bridge: Awaited<ReturnType<typeof startTestBridge>>;
let trust: TrustStore;
let stlsTrust: TrustStore;
let dir: string;
const servers: Server[] = [];
let injecting: FaultServer;
/** What each TLS server received in clear after its handshake: nothing, in every refused case. */
const receivedInClear: Buffer[] = [];

function pop3sServer(cert: ServerCert, maxVersion: 'TLSv1.2' | 'TLSv1.3' = 'TLSv1.3'): Promise<number> {
  const server = createServer({ cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1.2', maxVersion }, (socket: TLSSocket) => {
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => receivedInClear.push(chunk));
    socket.write('+OK ready\r\n');
  });
  server.on('tlsClientError', () => undefined);
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

beforeAll(async () => {
  const pki = await createTlsCasePki();
  trust = await createTrustStore(pki.caPem);
  dir = await mkdtemp(join(tmpdir(), 'satchel-e2e-stls-'));
  const stlsPki = await createTestPki(dir);
  stlsTrust = await createTrustStore(stlsPki.caCertPem);
  injecting = await startFaultServer(serverInjectingAfterStls, { tls: { certFile: stlsPki.serverCertFile, keyFile: stlsPki.serverKeyFile } });
  // The bridge trusts the CA too, for the one target where it does TLS itself.
  await writeFile(join(dir, 'case-ca.pem'), pki.caPem);
  const target = (name: string, port: number, tls = 'implicit') => ({ name, label: name, host: 'localhost', port, tls, allowLocal: true, endToEnd: true });
  bridge = await startTestBridge('', [
    target('good', await pop3sServer(pki.good)),
    target('expired', await pop3sServer(pki.expired)),
    target('wrong-host', await pop3sServer(pki.wrongHost)),
    target('unknown-ca', await pop3sServer(pki.unknownCa)),
    target('tls12-only', await pop3sServer(pki.good, 'TLSv1.2')),
    target('injecting', injecting.port, 'starttls'),
    { name: 'bridge-tls', label: 'bridge does TLS', host: 'localhost', port: await pop3sServer(pki.good), tls: 'implicit', allowLocal: true },
  ], { upstreamCaFile: join(dir, 'case-ca.pem') });
});

afterAll(async () => {
  await bridge?.close();
  await injecting?.close();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await rm(dir, { recursive: true, force: true });
});

function open(target: string, store: TrustStore = trust, endToEndHost: string | null = 'localhost') {
  return openSyncChannel(
    endToEndHost === null ? {} : { endToEndHost },
    () =>
      openResumableTunnel({
        url: bridge.tunnelUrl,
        target,
        createWebSocket: (url) => new WebSocket(url, { origin: TEST_ORIGIN }),
        handshakeTimeoutMs: 10_000,
        maxFrameBytes: CIPHERTEXT_MAX_FRAME_BYTES,
      }),
    async () => store,
  );
}

async function refusal(target: string, endToEndHost: string | null = 'localhost'): Promise<string> {
  const failure = await open(target, trust, endToEndHost).then(
    () => new Error('the channel opened'),
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(TlsError);
  return (failure as TlsError).code;
}

describe('the Worker\'s TLS to an end-to-end target', () => {
  it('reads the server\'s greeting through TLS 1.3 with a certificate for the account\'s host', async () => {
    const { ready, channel } = await open('good');
    expect(ready.greeting).toBe('relayed');
    expect(new TextDecoder().decode((await channel.read())!)).toBe('+OK ready\r\n');
    channel.close();
  });

  it('refuses a certificate for another host name', async () => {
    expect(await refusal('wrong-host')).toBe('TLS_ERR_HOST_MISMATCH');
  });

  it('refuses an expired certificate', async () => {
    expect(await refusal('expired')).toBe('TLS_ERR_CERT_EXPIRED');
  });

  it('refuses a chain from a CA it does not ship', async () => {
    expect(await refusal('unknown-ca')).toBe('TLS_ERR_UNKNOWN_CA');
  });

  it('refuses a server that offers TLS 1.2 at most', async () => {
    expect(await refusal('tls12-only')).toBe('TLS_ERR_VERSION');
  });

  it('refuses an end-to-end account whose bridge offers to do TLS itself, so the bridge never gets the password', async () => {
    expect(await refusal('bridge-tls')).toBe('TLS_ERR_MODE_MISMATCH');
  });

  it('refuses to speak POP3 into ciphertext for an account set up before its target went end-to-end', async () => {
    expect(await refusal('good', null)).toBe('TLS_ERR_MODE_MISMATCH');
  });

  it('sent nothing in clear to any refused server', () => {
    expect(receivedInClear).toEqual([]);
  });

  it('does STLS itself and drops bytes injected after the STLS +OK', async () => {
    const { ready, channel } = await open('injecting', stlsTrust);
    expect(ready.greeting).toBe('consumed');
    const session = new Pop3Session(channel, { greeting: 'none' });
    // Had the injected line reached the session, it would answer CAPA and shift every answer after it.
    const { capabilities } = await session.open();
    expect(capabilities?.raw).toEqual(['USER', 'UIDL', 'TOP', 'RESP-CODES', 'PIPELINING']);
    await session.login({ user: 'ada', password: 'secret', mechanism: 'USER' });
    expect(new TextDecoder().decode(await session.retr(1))).toBe(FAULT_MAILBOX[0]);
    await session.quit();
  });
});
