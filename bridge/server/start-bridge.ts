import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Socket } from 'node:net';
import type { BridgeConfig, LimitsConfig } from '../config/index.ts';
import { BridgeError } from '../errors/index.ts';
import { BridgeLogger, type LogSink } from '../logging/index.ts';
import type { LookupFn } from '../targets/index.ts';
import { prepareGeneration, restartOnlyChanges, type BridgeGeneration } from './bridge-generation.ts';
import { derivedBridgeId } from './bridge-id.ts';
import { clientAddress, limitKey, requestScheme, unmap } from './client-address.ts';
import { ConnectionLimiter, ConnectionSlot } from './connection-limiter.ts';
import { drainSessions } from './drain-sessions.ts';
import { BridgeMetrics, startMetricsServer } from './metrics/index.ts';
import { isOriginAllowed } from './origin-check.ts';
import { ResumeFailureLimiter } from './resume-failure-limiter.ts';
import { ResumeRegistry } from './resume-registry.ts';
import { requestPath } from './request-path.ts';
import { RetainedBudget } from './retained-budget.ts';
import { sendText } from './security-headers.ts';
import { TrustedProxies } from './trusted-proxies.ts';
import { TunnelSession } from './tunnel-session.ts';

export interface StartBridgeOptions {
  /** DNS for targets; default dns.lookup with all:true. Tests inject answers here. */
  lookup?: LookupFn;
  /** Receives every structured log entry (already redacted); default JSON lines on stdout. */
  log?: LogSink;
}

export interface RunningBridge {
  port: number;
  /** The id at the head of this bridge's resume tokens (config bridgeId, or derived). */
  bridgeId: string;
  /** http(s)://127.0.0.1:port (or the listen host when it is a specific one). */
  url: string;
  /** Open tunnels right now. */
  readonly connections: number;
  /** http://host:port/metrics when the config has `metrics`, else null. */
  metricsUrl: string | null;
  /** Each live tunnel's byte counts, for a process that embeds the bridge (the bench cues faults on them). */
  tunnels(): Array<{ id: string; bytesDown: number; ackedDown: number }>;
  /**
   * SIGHUP: takes the config `read` returns for every connection from now on (certificate
   * included); open tunnels keep theirs. A config that cannot be read, or that changes what
   * only a restart can (see bridge-generation.ts), is refused and logged, and the running
   * one stays. Returns the config now in force.
   */
  reload(read: () => BridgeConfig): BridgeConfig;
  /** SIGTERM: stops accepting, lets open tunnels go on for limits.drainGraceMs, closes parked sessions at once, then closes like close(). */
  drain(): Promise<void>;
  /** Stops accepting, ends open tunnels with TUNNEL_ERR_SHUTTING_DOWN, and closes; during a drain, ends its grace period now. */
  close(): Promise<void>;
}

/** How long open tunnels get to close politely on shutdown before they are cut. */
const SHUTDOWN_GRACE_MS = 2000;

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  socket.destroy();
}

/**
 * Caps open TCP connections, in total and per client address (an IPv6 client by its /64),
 * before any byte is parsed: a client opening sockets and never finishing its headers would
 * otherwise use up the process's file descriptors and lock every user out. Upgraded sockets
 * stay counted until they close, so tunnels count too (they also have their own caps).
 */
function countConnections(server: Server, limits: LimitsConfig, proxies: TrustedProxies, logger: BridgeLogger): void {
  const open = new ConnectionLimiter(limits.maxHttpConnections, limits.maxHttpConnectionsPerIp);
  server.on('connection', (socket: Socket) => {
    const ip = unmap(socket.remoteAddress ?? 'unknown');
    const key = limitKey(ip);
    // A trusted proxy's sockets carry many clients: only the total means anything for them.
    if (!open.tryAcquire(key, proxies.trusts(socket.remoteAddress) ? limits.maxHttpConnections : undefined)) {
      logger.log('connection-refused', { ip, code: 'BRIDGE_ERR_TOO_MANY_CONNECTIONS' });
      socket.destroy();
      return;
    }
    socket.once('close', () => open.release(key));
  });
}

function publicUrl(scheme: string, host: string, port: number): string {
  const wildcard = host === '0.0.0.0' || host === '::' || host === '127.0.0.1';
  const shown = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `${scheme}://${shown}:${port}`;
}

/** Starts the HTTP(S) server with /tunnel, /healthz, /targets and the static app. */
export async function startBridge(config: BridgeConfig, options: StartBridgeOptions = {}): Promise<RunningBridge> {
  // What new connections use; a reload replaces it whole. The rest below is sized once.
  let current: BridgeGeneration = prepareGeneration(config, options.lookup);
  const sessions = new Set<TunnelSession>();
  const metrics = config.metrics === null ? null : new BridgeMetrics({ sessions: () => sessions, isTarget: (name) => current.allowlist.get(name) !== undefined });
  const logger = new BridgeLogger(options.log, metrics && ((entry) => metrics.observe(entry)));
  const limiter = new ConnectionLimiter(config.limits.maxConnections, config.limits.maxConnectionsPerIp);
  const terminatesTls = config.tls !== null;
  const proxies = new TrustedProxies(config.trustProxy);
  let closing = false;

  const { limits } = config;
  // Parked sessions stay in `sessions` and keep their connection slot: a dropped browser
  // still holds a logged-in POP3 connection, so it must count against the caps.
  // Made once the port is known: a bridge without a configured id derives it from the port.
  let resumes: ResumeRegistry<TunnelSession> | null = null;
  const retainedBudget = new RetainedBudget(limits.resumeBufferTotalBytes);

  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    try {
      route(request, response);
    } catch (error) {
      logger.log('internal-error', { where: 'request', message: (error as Error)?.message ?? String(error) });
      if (!response.headersSent) sendText(response, 500, 'text/plain; charset=utf-8', 'Internal Server Error\n');
      else response.destroy();
    }
  };

  const route = (request: IncomingMessage, response: ServerResponse): void => {
    const pathname = requestPath(request.url);
    if (pathname === null) return sendText(response, 400, 'text/plain; charset=utf-8', 'Bad Request\n');
    if (pathname === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
      return sendText(response, 200, 'application/json', JSON.stringify({ status: closing ? 'closing' : 'ok', connections: limiter.total }));
    }
    if (pathname === '/targets' && (request.method === 'GET' || request.method === 'HEAD')) {
      return sendText(response, 200, 'application/json', JSON.stringify(current.allowlist.list()));
    }
    if (pathname === '/tunnel') {
      return sendText(response, 426, 'text/plain; charset=utf-8', 'Upgrade Required\n', { Upgrade: 'websocket' });
    }
    current.staticFiles.handle(request, response, pathname).catch(() => {
      if (!response.headersSent) sendText(response, 500, 'text/plain; charset=utf-8', 'Internal Server Error\n');
      else response.destroy();
    });
  };

  // Slow clients hold a socket and a file descriptor each: headers (and a TLS handshake) must
  // come within headersTimeoutMs, checked often enough to matter (Node's default is every 30 s).
  const timeouts = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  };
  const server: Server = terminatesTls
    ? createHttpsServer({ ...timeouts, handshakeTimeout: limits.headersTimeoutMs, ...current.tls }, onRequest)
    : createHttpServer(timeouts, onRequest);
  countConnections(server, limits, proxies, logger);

  const accept = (ws: WebSocket, socket: Duplex, request: IncomingMessage, ip: string, generation: BridgeGeneration): void => {
    const id = randomUUID();
    const { config: { limits, compression } } = generation;
    metrics?.trackLink(socket as Socket);
    // Over the cap, the WebSocket still gets its session, without a slot: a `resume` needs
    // none, and an `open` is refused with TUNNEL_ERR_TOO_MANY_CONNECTIONS (see ConnectionSlot).
    // Such sockets are bounded by the HTTP connection caps and the handshake timeout.
    const slot = new ConnectionSlot(limiter, limitKey(ip));
    slot.tryTake();
    logger.log('tunnel-accepted', { id, ip, origin: request.headers.origin ?? null });
    const session: TunnelSession = new TunnelSession({ ws, socket }, {
      id,
      ip,
      // Read when the browser names its target, so a reload in between applies (invariant 4).
      upstream: () => ({ allowlist: current.allowlist, ca: current.ca }),
      limits,
      compression,
      logger,
      resumes,
      retainedBudget,
      slot,
      onEnd: () => {
        slot.release();
        sessions.delete(session);
      },
    });
    sessions.add(session);
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      upgrade(request, socket, head);
    } catch (error) {
      logger.log('internal-error', { where: 'upgrade', message: (error as Error)?.message ?? String(error) });
      socket.destroy();
    }
  });

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const pathname = requestPath(request.url);
    if (pathname === null) return rejectUpgrade(socket, 400, 'Bad Request');
    if (closing) return rejectUpgrade(socket, 503, 'Service Unavailable');
    if (pathname !== '/tunnel') return rejectUpgrade(socket, 404, 'Not Found');
    const generation = current;
    const fromProxy = proxies.trusts(request.socket.remoteAddress);
    const ip = clientAddress(request, fromProxy);
    const scheme = requestScheme(request, terminatesTls, fromProxy);
    // Through a trusted proxy the proxy's own Host comes through, and the proxy decides which names reach the bridge.
    if (!isOriginAllowed(request.headers.origin, generation.config.allowedOrigins, scheme, request.headers.host, generation.loopbackOnlyHost && !fromProxy)) {
      logger.log('tunnel-refused', { ip, origin: request.headers.origin ?? null, code: 'TUNNEL_ERR_ORIGIN_DENIED' });
      return rejectUpgrade(socket, 403, 'Forbidden');
    }
    // The session keeps `socket` too: its writableLength tells the compression policy how much
    // waits for the link, apart from what waits for the compressor.
    generation.wss.handleUpgrade(request, socket, head, (ws) => accept(ws, socket, request, ip, generation));
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(new BridgeError('BRIDGE_ERR_LISTEN', `cannot listen on ${config.listen.host}:${config.listen.port}: ${error.message}`, { cause: error }));
    server.once('error', onError);
    server.listen(config.listen.port, config.listen.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.listen.port;
  const url = publicUrl(terminatesTls ? 'https' : 'http', config.listen.host, port);
  const bridgeId = config.bridgeId ?? derivedBridgeId(port);
  if (limits.resumeGraceMs > 0) resumes = new ResumeRegistry<TunnelSession>(logger, new ResumeFailureLimiter(limits.maxResumeFailuresPerIp), bridgeId);
  let metricsServer: Awaited<ReturnType<typeof startMetricsServer>> | null = null;
  if (metrics !== null && config.metrics !== null) {
    try {
      metricsServer = await startMetricsServer(metrics.registry, config.metrics);
    } catch (error) {
      // A clash on the metrics port must not leave the bridge's own port bound.
      await new Promise((resolve) => server.close(resolve));
      throw error;
    }
    logger.log('metrics-listening', { url: metricsServer.url });
  }
  logger.log('bridge-listening', { url, bridgeId, targets: config.targets.length });

  const reload = (read: () => BridgeConfig): BridgeConfig => {
    let next: BridgeGeneration;
    try {
      const nextConfig = read();
      const changed = restartOnlyChanges(current.config, nextConfig);
      if (changed.length > 0) throw new BridgeError('BRIDGE_ERR_RELOAD_NEEDS_RESTART', `only a restart applies a change to ${changed.join(', ')}`);
      next = prepareGeneration(nextConfig, options.lookup);
      // New TLS handshakes get the new certificate; sessions already up keep theirs.
      if (next.tls) (server as HttpsServer).setSecureContext(next.tls);
    } catch (error) {
      logger.log('config-reload-refused', { code: error instanceof BridgeError ? error.code : 'BRIDGE_ERR_CONFIG_FILE', message: (error as Error)?.message ?? String(error) });
      return current.config;
    }
    current = next;
    logger.log('config-reloaded', { targets: next.config.targets.length });
    return next.config;
  };

  let closed: Promise<void> | null = null;
  // close() during a drain ends its grace period at once.
  const cutShort = new AbortController();
  const shutDown = (graceMs: number): Promise<void> => {
    if (graceMs === 0) cutShort.abort();
    closed ??= (async () => {
      closing = true;
      logger.log('bridge-draining', { tunnels: sessions.size, graceMs });
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await drainSessions(sessions, { graceMs, closeGraceMs: SHUTDOWN_GRACE_MS, cutShort: cutShort.signal });
      server.closeAllConnections();
      await serverClosed;
      await metricsServer?.close();
      logger.log('bridge-closed', {});
    })();
    return closed;
  };

  return {
    port,
    bridgeId,
    url,
    metricsUrl: metricsServer?.url ?? null,
    get connections() {
      return limiter.total;
    },
    tunnels: () => [...sessions].map(({ id, progress: { bytesDown, ackedDown } }) => ({ id, bytesDown, ackedDown })),
    reload,
    drain: () => shutDown(current.config.limits.drainGraceMs),
    close: () => shutDown(0),
  };
}
