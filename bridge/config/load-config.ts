import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BRIDGE_ID, isValidTargetName, type TlsMode } from '../../shared/tunnel/index.ts';
import { isLoopbackAddress } from '../targets/address-ranges.ts';
import {
  DEFAULT_COMPRESSION,
  DEFAULT_LIMITS,
  DEFAULT_LISTEN,
  type BridgeConfig,
  type CompressionConfig,
  type LimitsConfig,
  type TargetConfig,
} from './bridge-config.ts';
import { ConfigReader } from './config-reader.ts';

/** The repository root, so the default staticDir works whatever the working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_STATIC_DIR = resolve(REPO_ROOT, 'dist/web');

const TOP_KEYS = ['listen', 'tls', 'allowedOrigins', 'targets', 'upstreamCaFile', 'limits', 'compression', 'staticDir', 'trustProxy', 'bridgeId', 'metrics'] as const;
const TARGET_KEYS = ['name', 'label', 'host', 'port', 'tls', 'allowLocal', 'endToEnd'] as const;
const TLS_MODES: readonly TlsMode[] = ['implicit', 'starttls', 'plaintext'];

// RFC 1123 §2.1 host names: LDH labels of 1–63 octets, 253 in all.
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** `true`, `false`, or the IP addresses of the proxies (load balancers) whose X-Forwarded-For counts. */
function readTrustProxy(reader: ConfigReader): boolean | string[] {
  if (reader.isAbsent()) return false;
  if (typeof reader.value === 'boolean') return reader.value;
  if (!Array.isArray(reader.value)) reader.fail('must be true, false or a list of IP addresses');
  return reader.array({ minLength: 1 }).map((entry) => {
    const address = entry.string({ maxLength: 64 });
    if (isIP(address) === 0) entry.fail('must be an IP address (the load balancer\'s, as the bridge sees it connect)');
    return address;
  });
}

/** Ranges for each limit: small enough floors that a typo like `10` for seconds is caught. */
const LIMIT_RANGES: Record<keyof LimitsConfig, [number, number]> = {
  maxPayload: [128, 16 * 1024 * 1024],
  maxConnections: [1, 1_000_000],
  maxConnectionsPerIp: [1, 1_000_000],
  handshakeTimeoutMs: [50, 600_000],
  idleTimeoutMs: [50, 86_400_000],
  lifetimeTimeoutMs: [50, 7 * 86_400_000],
  upstreamConnectTimeoutMs: [50, 600_000],
  highWaterMark: [1024, 1024 * 1024 * 1024],
  // 0 = off; otherwise at least 50 ms like every other timeout.
  resumeGraceMs: [0, 3_600_000],
  // A full buffer asks the browser for an ack (it acks every MiB otherwise); below 256 KiB
  // that would be a round trip for every few of the server's reads.
  resumeBufferBytes: [256 * 1024, 1024 * 1024 * 1024],
  resumeBufferTotalBytes: [1024 * 1024, 64 * 1024 * 1024 * 1024],
  resumePingMs: [50, 600_000],
  maxResumeFailuresPerIp: [1, 1_000_000],
  maxHttpConnections: [1, 1_000_000],
  maxHttpConnectionsPerIp: [1, 1_000_000],
  headersTimeoutMs: [50, 600_000],
  closeGraceMs: [50, 60_000],
  maxControlMessagesPerSecond: [1, 1_000_000],
  sendStallTimeoutMs: [50, 3_600_000],
  dnsTimeoutMs: [50, 600_000],
  // 0 = cut at once; an hour is longer than any sync.
  drainGraceMs: [0, 3_600_000],
};

const COMPRESSION_RANGES: Record<Exclude<keyof CompressionConfig, 'enabled' | 'adaptive'>, [number, number]> = {
  level: [0, 9],
  memLevel: [1, 9],
  windowBits: [9, 15],
  concurrencyLimit: [1, 1024],
  threshold: [0, 1024 * 1024],
  // The adaptive thresholds are further bounded by limits.highWaterMark: see checkAdaptiveThresholds.
  plainAboveCompressorBytes: [1024, 512 * 1024 * 1024],
  plainBelowLinkBytes: [0, 512 * 1024 * 1024],
  plainAfterMs: [0, 60_000],
  // 0 = off; 10 GB/s is beyond any link a bridge sits on.
  plainAboveLinkBytesPerSecond: [0, 10_000_000_000],
  tryPlainAboveLinkBytesPerSecond: [0, 10_000_000_000],
  tryPlainAfterAckedMs: [0, 60_000],
  compressAboveLinkBytes: [1024, 512 * 1024 * 1024],
  compressAgainAfterMs: [100, 3_600_000],
  releaseIdleMs: [0, 3_600_000],
};

function readOrigin(reader: ConfigReader): string {
  const text = reader.string();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    reader.fail('must be an origin such as "https://mail.example.org"');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') reader.fail('must be an http or https origin');
  // An Origin header is exactly scheme://host[:port] (RFC 6454 §6.2), so compare to that form.
  if (url.origin !== text) reader.fail(`must be written exactly as the browser sends it: "${url.origin}" (no path, no trailing slash)`);
  return text;
}

function readHost(reader: ConfigReader): string {
  const host = reader.string({ maxLength: 253 });
  if (isIP(host) === 0 && !HOST_NAME.test(host)) {
    reader.fail('must be a host name or an IP address (IPv6 without brackets)');
  }
  return host;
}

function readListen(reader: ConfigReader, defaults: { host: string; port: number }): { host: string; port: number } {
  const listen = { ...defaults };
  if (reader.isAbsent()) return listen;
  reader.object(['host', 'port']);
  if (!reader.child('host').isAbsent()) listen.host = readHost(reader.child('host'));
  if (!reader.child('port').isAbsent()) listen.port = reader.child('port').integer(0, 65535);
  return listen;
}

function readTarget(reader: ConfigReader): TargetConfig {
  reader.object(TARGET_KEYS);
  const name = reader.child('name').string({ maxLength: 64 });
  if (!isValidTargetName(name)) reader.child('name').fail('must be letters, digits, ".", "_" or "-", starting with a letter or digit');
  const label = reader.child('label').string({ maxLength: 200 });
  const host = readHost(reader.child('host'));
  const port = reader.child('port').integer(1, 65535);
  const tls = reader.child('tls').oneOf(TLS_MODES);
  const allowLocalReader = reader.child('allowLocal');
  const allowLocal = allowLocalReader.isAbsent() ? false : allowLocalReader.boolean();
  if (tls === 'plaintext') {
    // DESIGN.md invariant 4: plaintext POP3 only to loopback, and only when the config says so.
    if (!allowLocal) reader.child('tls').fail('"plaintext" needs "allowLocal": true and a loopback host');
    // An IP literal is checked now; other names (and "localhost") again after every lookup.
    if (isIP(host) !== 0 && !isLoopbackAddress(host)) {
      reader.child('host').fail('a "plaintext" target must be a loopback address (127.0.0.0/8 or ::1)');
    }
  }
  const endToEndReader = reader.child('endToEnd');
  const endToEnd = endToEndReader.isAbsent() ? false : endToEndReader.boolean();
  if (endToEnd && tls === 'plaintext') endToEndReader.fail('an end-to-end target needs "tls": "implicit" or "starttls"');
  // The browser's TLS checks DNS names only (docs/E2E-TLS.md): an IP literal could never verify.
  if (endToEnd && isIP(host) !== 0) endToEndReader.fail('an end-to-end target needs a host name, not an IP address');
  return { name, label, host, port, tls, allowLocal, endToEnd };
}

function readNumbers<K extends string>(reader: ConfigReader, ranges: Record<K, [number, number]>, defaults: Record<K, number>): Record<K, number> {
  const result = { ...defaults };
  for (const key of Object.keys(ranges) as K[]) {
    const child = reader.child(key);
    const [min, max] = ranges[key];
    if (!child.isAbsent()) result[key] = child.integer(min, max);
  }
  return result;
}

/**
 * The byte thresholds the file leaves out default to what fits its highWaterMark, so a
 * smaller highWaterMark alone stays a valid config; thresholds the file sets are checked.
 */
function fitAdaptiveDefaults(compression: CompressionConfig, given: readonly string[], highWaterMark: number): CompressionConfig {
  const half = Math.floor(highWaterMark / 2);
  const fitted = { ...compression };
  if (!given.includes('plainAboveCompressorBytes')) fitted.plainAboveCompressorBytes = Math.min(fitted.plainAboveCompressorBytes, half);
  if (!given.includes('compressAboveLinkBytes')) fitted.compressAboveLinkBytes = Math.min(fitted.compressAboveLinkBytes, half);
  if (!given.includes('plainBelowLinkBytes')) fitted.plainBelowLinkBytes = Math.min(fitted.plainBelowLinkBytes, Math.floor(fitted.compressAboveLinkBytes / 4));
  return fitted;
}

/**
 * The bridge stops reading the mail server once ws.bufferedAmount (link + compressor backlog)
 * passes limits.highWaterMark, so a backlog threshold near it would never be reached: the
 * policy would stay stuck in one mode. Half of it leaves room for the other backlog. And
 * without a gap between the two link thresholds the mode could flip on every message.
 */
function checkAdaptiveThresholds(compression: CompressionConfig, highWaterMark: number): void {
  // The thresholds may be defaults, with no `compression` in the file: name the path anyway.
  const at = (key: keyof CompressionConfig) => new ConfigReader(compression[key], `compression.${key}`);
  const half = Math.floor(highWaterMark / 2);
  for (const key of ['plainAboveCompressorBytes', 'compressAboveLinkBytes'] as const) {
    if (compression[key] > half) at(key).fail(`must be at most half of limits.highWaterMark (${half}), or the backlog never grows that far`);
  }
  if (compression.plainBelowLinkBytes >= compression.compressAboveLinkBytes) {
    at('plainBelowLinkBytes').fail(`must be below compressAboveLinkBytes (${compression.compressAboveLinkBytes})`);
  }
}

/**
 * Validates a parsed config file and fills in defaults. Relative paths are taken from
 * `baseDir` (the config file's folder). Throws BridgeError with code BRIDGE_ERR_CONFIG.
 */
export function loadConfig(json: unknown, baseDir: string): BridgeConfig {
  const root = new ConfigReader(json, '');
  root.object(TOP_KEYS);

  const listen = readListen(root.child('listen'), DEFAULT_LISTEN);

  let tls: BridgeConfig['tls'] = null;
  const tlsReader = root.child('tls');
  if (!tlsReader.isAbsent()) {
    tlsReader.object(['certFile', 'keyFile']);
    tls = {
      certFile: resolve(baseDir, tlsReader.child('certFile').string()),
      keyFile: resolve(baseDir, tlsReader.child('keyFile').string()),
    };
  }

  let allowedOrigins: string[] | null = null;
  const originsReader = root.child('allowedOrigins');
  if (!originsReader.isAbsent()) {
    // An empty list would refuse every page; leaving the key out means same-origin.
    allowedOrigins = originsReader.array({ minLength: 1 }).map(readOrigin);
  }

  const targets = root.child('targets').array({ minLength: 1 }).map(readTarget);
  const seen = new Set<string>();
  targets.forEach((target, i) => {
    if (seen.has(target.name)) root.child('targets').child(i).child('name').fail(`duplicate target name "${target.name}"`);
    seen.add(target.name);
  });

  const caReader = root.child('upstreamCaFile');
  const upstreamCaFile = caReader.isAbsent() ? null : resolve(baseDir, caReader.string());

  const limitsReader = root.child('limits');
  let limits: LimitsConfig = { ...DEFAULT_LIMITS };
  if (!limitsReader.isAbsent()) {
    limitsReader.object(Object.keys(LIMIT_RANGES));
    limits = readNumbers(limitsReader, LIMIT_RANGES, DEFAULT_LIMITS);
    if (limits.resumeGraceMs > 0 && limits.resumeGraceMs < 50) limitsReader.child('resumeGraceMs').fail('must be 0 (off) or at least 50');
  }

  const compressionReader = root.child('compression');
  let compression: CompressionConfig = { ...DEFAULT_COMPRESSION };
  if (!compressionReader.isAbsent()) {
    compressionReader.object(['enabled', 'adaptive', ...Object.keys(COMPRESSION_RANGES)]);
    const enabledReader = compressionReader.child('enabled');
    const adaptiveReader = compressionReader.child('adaptive');
    compression = {
      ...readNumbers(compressionReader, COMPRESSION_RANGES, DEFAULT_COMPRESSION),
      enabled: enabledReader.isAbsent() ? DEFAULT_COMPRESSION.enabled : enabledReader.boolean(),
      adaptive: adaptiveReader.isAbsent() ? DEFAULT_COMPRESSION.adaptive : adaptiveReader.boolean(),
    };
  }
  compression = fitAdaptiveDefaults(compression, compressionReader.isAbsent() ? [] : Object.keys(compressionReader.value as object), limits.highWaterMark);
  if (compression.enabled && compression.adaptive) checkAdaptiveThresholds(compression, limits.highWaterMark);

  const staticReader = root.child('staticDir');
  let staticDir: string | null = DEFAULT_STATIC_DIR;
  if (staticReader.value === null) staticDir = null;
  else if (!staticReader.isAbsent()) staticDir = resolve(baseDir, staticReader.string());

  const trustProxy = readTrustProxy(root.child('trustProxy'));

  const idReader = root.child('bridgeId');
  let bridgeId: string | null = null;
  if (!idReader.isAbsent()) {
    bridgeId = idReader.string({ maxLength: 32 });
    if (!BRIDGE_ID.test(bridgeId)) idReader.fail('must be 1–32 characters of A–Z, a–z, 0–9, "_" and "-"');
  }

  const metricsReader = root.child('metrics');
  let metrics: BridgeConfig['metrics'] = null;
  if (!metricsReader.isAbsent()) {
    // Its own listener, loopback unless the file says otherwise, so /metrics is never public
    // by accident; the port has no default, so the scrape address is always a choice.
    if (metricsReader.object(['host', 'port']).port === undefined) metricsReader.child('port').fail('is required');
    metrics = readListen(metricsReader, { host: '127.0.0.1', port: 0 });
  }

  return { listen, tls, allowedOrigins, targets, upstreamCaFile, limits, compression, staticDir, trustProxy, bridgeId, metrics };
}
