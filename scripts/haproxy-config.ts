/**
 * Renders deploy/haproxy/satchel.cfg.template for a set of bridges: the HAProxy config that
 * routes each resume to the bridge that parked its session and balances new tunnels by least
 * connections (docs/BRIDGE.md, "Scale-out behind HAProxy"). The balancer integration test
 * renders the same template, so the config it tests is the one shipped.
 *
 *   npx tsx scripts/haproxy-config.ts --bind :443 --certificate /etc/haproxy/satchel.pem \
 *     --source 10.0.0.5 --bridge bridge-1=10.0.0.11:8080 --bridge bridge-2=10.0.0.12:8080 \
 *     [--max-connections 20000] [--max-connections-per-ip 32]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BRIDGE_ID, RESUME_ROUTE_PARAM } from '../shared/tunnel/index.ts';

const TEMPLATE = new URL('../deploy/haproxy/satchel.cfg.template', import.meta.url);

export interface HaproxyBridge {
  /** The bridge's `bridgeId`, also its HAProxy server name. */
  id: string;
  /** host:port where the bridge listens (plain HTTP; TLS ends at HAProxy). */
  address: string;
}

export interface HaproxyConfigOptions {
  /** HAProxy's `bind` address, e.g. `:443` or `127.0.0.1:8443`. */
  bind: string;
  /** One PEM file with the certificate chain and its key. */
  certificate: string;
  bridges: HaproxyBridge[];
  /** The address HAProxy connects to the bridges from (their trustProxy). Default 0.0.0.0: the system picks. */
  source?: string;
  /** HAProxy's global maxconn. Default 20000. */
  maxConnections?: number;
  /** Open TCP connections per client address (IPv6: per /64). Default 32, as the bridge's maxHttpConnectionsPerIp. */
  maxConnectionsPerIp?: number;
}

/** Values go into a config file: anything that could end a line or a word there is refused. */
function checked(name: string, value: string): string {
  if (!/^[A-Za-z0-9_.:/[\]@-]+$/.test(value)) throw new Error(`haproxy-config: ${name} "${value}" has characters HAProxy would read as syntax`);
  return value;
}

export function renderHaproxyConfig(options: HaproxyConfigOptions): string {
  if (options.bridges.length === 0) throw new Error('haproxy-config: at least one bridge');
  for (const bridge of options.bridges) {
    if (!BRIDGE_ID.test(bridge.id)) throw new Error(`haproxy-config: bridge id "${bridge.id}" is not a valid bridgeId`);
    checked('bridge address', bridge.address);
  }
  const values: Record<string, string> = {
    bind: checked('bind', options.bind),
    certificate: checked('certificate', options.certificate),
    source: checked('source', options.source ?? '0.0.0.0'),
    max_connections: String(options.maxConnections ?? 20_000),
    max_connections_per_ip: String(options.maxConnectionsPerIp ?? 32),
    route_param: RESUME_ROUTE_PARAM,
  };
  const fill = (line: string, bridge?: HaproxyBridge): string =>
    line.replace(/\{\{([a-z_.]+)\}\}/g, (_, name: string) => {
      const value = name === 'bridge.id' ? bridge?.id : name === 'bridge.address' ? bridge?.address : values[name];
      if (value === undefined) throw new Error(`haproxy-config: the template names {{${name}}}, which has no value here`);
      return value;
    });
  const lines = readFileSync(TEMPLATE, 'utf8').split('\n');
  return lines
    .flatMap((line) => (line.includes('{{bridge.') ? options.bridges.map((bridge) => fill(line, bridge)) : [fill(line)]))
    .join('\n');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      bind: { type: 'string' },
      certificate: { type: 'string' },
      source: { type: 'string' },
      bridge: { type: 'string', multiple: true },
      'max-connections': { type: 'string' },
      'max-connections-per-ip': { type: 'string' },
    },
  });
  if (!values.bind || !values.certificate || !values.bridge?.length) {
    throw new Error('usage: haproxy-config.ts --bind ADDR:PORT --certificate PEM [--source ADDR] [--max-connections N] [--max-connections-per-ip N] --bridge ID=HOST:PORT ...');
  }
  const bridges = values.bridge.map((spec) => {
    const [id = '', address = ''] = spec.split('=');
    return { id, address };
  });
  const count = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^[1-9][0-9]{0,6}$/.test(value)) throw new Error(`haproxy-config: --${name} must be a whole number from 1`);
    return Number(value);
  };
  const maxConnections = count('max-connections', values['max-connections']);
  const maxConnectionsPerIp = count('max-connections-per-ip', values['max-connections-per-ip']);
  process.stdout.write(renderHaproxyConfig({
    bind: values.bind,
    certificate: values.certificate,
    bridges,
    ...(values.source ? { source: values.source } : {}),
    ...(maxConnections ? { maxConnections } : {}),
    ...(maxConnectionsPerIp ? { maxConnectionsPerIp } : {}),
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
