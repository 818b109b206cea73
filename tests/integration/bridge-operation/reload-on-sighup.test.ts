/**
 * SIGHUP on the real bridge process: the config file and the certificate it names are read
 * again; a new connection sees both, an open tunnel keeps going on the old config, and a
 * config that cannot be used is refused with a log line while the running one stays.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TunnelError } from '../../../shared/tunnel/index.ts';
import { dovecotTargets, TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import { startBridgeProcess, type BridgeProcess } from '../../support/bridge-process.ts';
import { startDovecot, type DovecotServer } from '../../support/dovecot-harness.ts';
import { scrape } from '../../support/prometheus-scrape.ts';
import { openTunnel } from '../../support/ws-tunnel-channel.ts';

let dovecot: DovecotServer;
let bridge: BridgeProcess;
let dir: string;
/** A second certificate for localhost, self-signed: only its fingerprint matters. */
let second: { certFile: string; keyFile: string };
let firstConfig: Record<string, unknown>;
let metricsUrl: string;

/** satchel_bridge_config_reloads_total for `result`, now. */
async function reloads(result: 'applied' | 'refused'): Promise<number> {
  return (await scrape(metricsUrl)).value('satchel_bridge_config_reloads_total', { result });
}

function fingerprintOf(pemFile: string): string {
  return execFileSync('openssl', ['x509', '-in', pemFile, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).split('=')[1]!.trim();
}

/** By name: the certificates name localhost only. */
const tunnelUrl = (): string => `wss://localhost:${bridge.port}/tunnel`;

/** The fingerprint of the certificate a new TLS connection to the bridge is shown. */
function servedFingerprint(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: bridge.port, servername: 'localhost', rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.once('error', reject);
  });
}

/** GET /targets on a new connection: the names. */
function targetNames(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    get(`${bridge.url}/targets`, { rejectUnauthorized: false, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (text: string) => (body += text));
      response.on('end', () => resolve((JSON.parse(body) as Array<{ name: string }>).map((t) => t.name)));
    }).once('error', reject);
  });
}

/** Writes `config` over the bridge's config file, sends SIGHUP, and returns the log entry that answers it. */
async function reloadWith(config: Record<string, unknown> | string): Promise<Record<string, unknown>> {
  writeFileSync(bridge.configFile, typeof config === 'string' ? config : JSON.stringify(config));
  const seen = bridge.logs.length;
  process.kill(bridge.child.pid!, 'SIGHUP');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = bridge.logs.slice(seen).find((entry) => entry.event === 'config-reloaded' || entry.event === 'config-reload-refused');
    if (answer) return answer;
    if (Date.now() > deadline) throw new Error(`no answer to SIGHUP: ${bridge.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: 'ada', password: 'secret' }] });
  dir = mkdtempSync(join(tmpdir(), 'satchel-reload-'));
  second = { certFile: join(dir, 'second.pem'), keyFile: join(dir, 'second.key') };
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', second.keyFile, '-out', second.certFile, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
  bridge = await startBridgeProcess({
    tls: { certFile: dovecot.pki.serverCertFile, keyFile: dovecot.pki.serverKeyFile },
    allowedOrigins: [TEST_ORIGIN],
    upstreamCaFile: dovecot.pki.caCertFile,
    targets: dovecotTargets(dovecot),
    metrics: { port: 0 },
  });
  metricsUrl = String(bridge.logs.find((entry) => entry.event === 'metrics-listening')?.url);
  firstConfig = JSON.parse(readFileSync(bridge.configFile, 'utf8')) as Record<string, unknown>;
});

afterAll(async () => {
  await bridge?.stop();
  await dovecot?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('SIGHUP reloads the config and the certificate for new connections', () => {
  it('serves the new certificate and targets to new connections while an open tunnel goes on', async () => {
    expect(await servedFingerprint()).toBe(fingerprintOf(dovecot.pki.serverCertFile));
    const { channel } = await openTunnel(tunnelUrl(), 'dovecot-plain', { origin: TEST_ORIGIN, ca: dovecot.pki.caCertPem });
    expect(Buffer.from((await channel.read())!).toString('latin1')).toMatch(/^\+OK/);

    const [tlsTarget] = dovecotTargets(dovecot);
    const applied = await reloads('applied');
    const answer = await reloadWith({ ...firstConfig, tls: second, targets: [{ ...tlsTarget, name: 'renamed' }] });
    expect(answer.event).toBe('config-reloaded');
    expect(await reloads('applied')).toBe(applied + 1);

    expect(await servedFingerprint()).toBe(fingerprintOf(second.certFile));
    expect(await targetNames()).toEqual(['renamed']);
    // The open tunnel was accepted under the old config, whose target is gone now: it goes on.
    channel.write(Buffer.from('CAPA\r\n'));
    expect(Buffer.from((await channel.read())!).toString('latin1')).toMatch(/^\+OK/);
    channel.close();
    // A new tunnel has the new config: the old name is unknown to it.
    const refused = await openTunnel(tunnelUrl(), 'dovecot-plain', { origin: TEST_ORIGIN, ca: readFileSync(second.certFile, 'utf8') }).catch((error: unknown) => error);
    expect((refused as TunnelError).code).toBe('TUNNEL_ERR_TARGET_UNKNOWN');
  });

  it('refuses a config file that does not parse, logs why, and keeps the running config', async () => {
    const before = await targetNames();
    const refused = await reloads('refused');
    const answer = await reloadWith('{"targets": [');
    expect(answer).toMatchObject({ event: 'config-reload-refused', code: 'BRIDGE_ERR_CONFIG_FILE' });
    expect(await reloads('refused')).toBe(refused + 1);
    expect(String(answer.message)).toMatch(/not valid JSON/);
    expect(await targetNames()).toEqual(before);
    expect(bridge.alive()).toBe(true);
  });

  it('refuses a config that breaks a rule, naming the key', async () => {
    const answer = await reloadWith({ ...firstConfig, targets: [{ name: 'x', label: 'X', host: 'pop.example.org', port: 99999, tls: 'implicit' }] });
    expect(answer).toMatchObject({ event: 'config-reload-refused', code: 'BRIDGE_ERR_CONFIG' });
    expect(String(answer.message)).toMatch(/targets\[0\]\.port/);
  });

  it('refuses a certificate file that is gone, and keeps serving the one it has', async () => {
    const served = await servedFingerprint();
    const answer = await reloadWith({ ...firstConfig, tls: { certFile: join(dir, 'missing.pem'), keyFile: second.keyFile } });
    expect(answer).toMatchObject({ event: 'config-reload-refused', code: 'BRIDGE_ERR_CONFIG_FILE' });
    expect(await servedFingerprint()).toBe(served);
  });

  it('refuses a change that only a restart can apply, such as the listen address', async () => {
    const answer = await reloadWith({ ...firstConfig, listen: { host: '127.0.0.1', port: bridge.port + 1 } });
    expect(answer).toMatchObject({ event: 'config-reload-refused', code: 'BRIDGE_ERR_RELOAD_NEEDS_RESTART' });
    expect(String(answer.message)).toMatch(/listen/);
    expect(bridge.alive()).toBe(true);
  });
});
