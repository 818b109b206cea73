import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { WebSocketServer } from 'ws';
import type { BridgeConfig } from '../config/index.ts';
import { BridgeError } from '../errors/index.ts';
import { TargetAllowlist, type LookupFn } from '../targets/index.ts';
import { namesLoopback } from './origin-check.ts';
import { StaticFiles } from './static-files.ts';

/**
 * Everything a new connection takes from the config, built in one go so that a reload
 * (SIGHUP) either swaps all of it or none: a tunnel keeps the generation it was accepted
 * under, so an open tunnel never sees a config change.
 */
export interface BridgeGeneration {
  config: BridgeConfig;
  allowlist: TargetAllowlist;
  staticFiles: StaticFiles;
  /** Trusted CAs for upstream TLS; undefined = Node's default roots. */
  ca: string[] | undefined;
  /** The certificate and key the bridge serves, read now; null without `tls`. */
  tls: { cert: Buffer; key: Buffer } | null;
  /** Holds maxPayload and the permessage-deflate offer for upgrades from now on. */
  wss: WebSocketServer;
  /** See isOriginAllowed: a same-origin bridge on loopback accepts only a Host that names loopback (unless a trusted proxy forwarded the request). */
  loopbackOnlyHost: boolean;
}

/**
 * Config keys a reload cannot apply: the listeners and their TLS, and the caps and budgets
 * shared by every connection of the process, which were sized once at start.
 */
const RESTART_ONLY: ReadonlyArray<[string, (config: BridgeConfig) => unknown]> = [
  ['listen', (c) => c.listen],
  ['metrics', (c) => c.metrics],
  ['tls (on or off)', (c) => c.tls === null],
  ['trustProxy', (c) => c.trustProxy],
  // Resume tokens already issued name this id, and the balancer routes by it.
  ['bridgeId', (c) => c.bridgeId],
  ['limits.maxConnections', (c) => c.limits.maxConnections],
  ['limits.maxConnectionsPerIp', (c) => c.limits.maxConnectionsPerIp],
  ['limits.maxHttpConnections', (c) => c.limits.maxHttpConnections],
  ['limits.maxHttpConnectionsPerIp', (c) => c.limits.maxHttpConnectionsPerIp],
  ['limits.headersTimeoutMs', (c) => c.limits.headersTimeoutMs],
  ['limits.resumeGraceMs (0 or not)', (c) => c.limits.resumeGraceMs === 0],
  ['limits.resumeBufferTotalBytes', (c) => c.limits.resumeBufferTotalBytes],
  ['limits.maxResumeFailuresPerIp', (c) => c.limits.maxResumeFailuresPerIp],
  // ws keeps one zlib job queue per process, sized by the first WebSocketServer.
  ['compression.concurrencyLimit', (c) => c.compression.concurrencyLimit],
];

/** The restart-only keys whose value differs between the running config and `next`. */
export function restartOnlyChanges(running: BridgeConfig, next: BridgeConfig): string[] {
  return RESTART_ONLY.filter(([, read]) => JSON.stringify(read(running)) !== JSON.stringify(read(next))).map(([key]) => key);
}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new BridgeError('BRIDGE_ERR_CONFIG_FILE', `cannot read ${what} ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads every file `config` names and builds what connections need; throws BridgeError and changes nothing when a file is missing. */
export function prepareGeneration(config: BridgeConfig, lookup: LookupFn | undefined): BridgeGeneration {
  const { compression, limits } = config;
  const ca = config.upstreamCaFile === null ? undefined : [...rootCertificates, readFile(config.upstreamCaFile, 'upstreamCaFile').toString('utf8')];
  const tls = config.tls === null ? null : { cert: readFile(config.tls.certFile, 'tls.certFile'), key: readFile(config.tls.keyFile, 'tls.keyFile') };
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: limits.maxPayload,
    // A client that ignores our close frame loses its socket after closeGraceMs, not ws's 30 s.
    // (ws 8.19+ takes closeTimeout; @types/ws 8.18 does not list it yet.)
    ...({ closeTimeout: limits.closeGraceMs } as object),
    // TunnelSession answers pings itself, one pong queued at a time.
    autoPong: false,
    // RFC 7692 with bounded memory: zlib memLevel and our deflate window are fixed, and zlib
    // jobs are capped across tunnels. Our window is requested only below the default 15: ws
    // refuses (HTTP 400) an offer asking a smaller server window than a fixed number, and
    // likewise any offer lacking client_max_window_bits if we fixed the client's window. The
    // browser's own window can never exceed 15 bits (32 KiB of inflate state per tunnel), and
    // maxPayload bounds the inflated size of each message.
    perMessageDeflate: compression.enabled
      ? {
          zlibDeflateOptions: { level: compression.level, memLevel: compression.memLevel },
          ...(compression.windowBits < 15 ? { serverMaxWindowBits: compression.windowBits } : {}),
          concurrencyLimit: compression.concurrencyLimit,
          threshold: compression.threshold,
        }
      : false,
  });
  return {
    config,
    allowlist: new TargetAllowlist(config.targets, lookup, limits.dnsTimeoutMs),
    staticFiles: new StaticFiles(config.staticDir),
    ca,
    tls,
    wss,
    loopbackOnlyHost: config.allowedOrigins === null && namesLoopback(config.listen.host),
  };
}
