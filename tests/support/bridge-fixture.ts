import { loadConfig, startBridge, type RunningBridge } from '../../bridge/index.ts';
import type { DovecotServer } from './dovecot-harness.ts';

export const TEST_ORIGIN = 'http://satchel.test';

/** Tunnel targets pointing at one harness Dovecot, in every TLS mode the bridge supports. */
export function dovecotTargets(dovecot: DovecotServer) {
  return [
    { name: 'dovecot-tls', label: 'Dovecot, implicit TLS', host: dovecot.tlsHostname, port: dovecot.pop3sPort, tls: 'implicit', allowLocal: true },
    { name: 'dovecot-stls', label: 'Dovecot, STLS', host: dovecot.tlsHostname, port: dovecot.pop3Port, tls: 'starttls', allowLocal: true },
    { name: 'dovecot-plain', label: 'Dovecot, loopback plaintext', host: '127.0.0.1', port: dovecot.pop3Port, tls: 'plaintext', allowLocal: true },
  ];
}

/** Starts an in-process bridge on a free port that trusts the harness CA and allows TEST_ORIGIN. */
export async function startTestBridge(
  caCertFile: string,
  targets: unknown[],
  extra: Record<string, unknown> = {},
  logs: Array<Record<string, unknown>> = [],
): Promise<RunningBridge & { tunnelUrl: string }> {
  const config = loadConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      allowedOrigins: [TEST_ORIGIN],
      upstreamCaFile: caCertFile,
      targets,
      ...extra,
    },
    process.cwd(),
  );
  const bridge = await startBridge(config, { log: (entry) => logs.push(entry) });
  return Object.assign(bridge, { tunnelUrl: bridge.url.replace(/^http/, 'ws') + '/tunnel' });
}
