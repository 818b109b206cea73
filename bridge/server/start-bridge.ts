import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Socket } from 'node:net';
import type { BridgeConfig, LimitsConfig } from '../config/index.ts';
import { BridgeError } from '../errors/index.ts';
import { BridgeLogger, type LogSink } from '../logging/index.ts';
import { TargetAllowlist, type LookupFn } from '../targets/index.ts';
import { derivedBridgeId } from './bridge-id.ts';
import { clientAddress, limitKey, requestScheme, unmap } from './client-address.ts';
import { ConnectionLimiter, ConnectionSlot } from './connection-limiter.ts';
import { isOriginAllowed, namesLoopback } from './origin-check.ts';
import { ResumeFailureLimiter } from './resume-failure-limiter.ts';
import { ResumeRegistry } from './resume-registry.ts';
import { requestPath } from './request-path.ts';
import { RetainedBudget } from './retained-budget.ts';
import { sendText } from './security-headers.ts';
import { StaticFiles } from './static-files.ts';
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
  /** Each live tunnel's byte counts, for a process that embeds the bridge (the bench cues faults on them). */
  tunnels(): Array<{ id: string; bytesDown: number; ackedDown: number }>;
  /** Stops accepting, ends open tunnels with TUNNEL_ERR_SHUTTING_DOWN, and closes. */
  close(): Promise<void>;
}

/** How long open tunnels get to close politely on shutdown before they are cut. */
const SHUTDOWN_GRACE_MS = 2000;

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new BridgeError('BRIDGE_ERR_CONFIG_FILE', `cannot read ${what} ${path}: ${(error as Error).message}`, { cause: error });
  }
}

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
  const logger = new BridgeLogger(options.log);
  const allowlist = new TargetAllowlist(config.targets, options.lookup, config.limits.dnsTimeoutMs);
  const limiter = new ConnectionLimiter(config.limits.maxConnections, config.limits.maxConnectionsPerIp);
  const staticFiles = new StaticFiles(config.staticDir);
  const ca = config.upstreamCaFile === null ? undefined : [...rootCertificates, readFile(config.upstreamCaFile, 'upstreamCaFile').toString('utf8')];
  const sessions = new Set<TunnelSession>();
  const terminatesTls = config.tls !== null;
  const proxies = new TrustedProxies(config.trustProxy);
  // A bridge on loopback in same-origin mode (the demo, a personal bridge) accepts only pages
  // whose Host names loopback: see isOriginAllowed. Through a trusted proxy the proxy's
  // own Host comes through, and the proxy decides which names reach the bridge.
  const loopbackOnlyHost = (fromProxy: boolean): boolean => config.allowedOrigins === null && !fromProxy && namesLoopback(config.listen.host);
  let closing = false;

  const { compression, limits } = config;
  // Parked sessions stay in `sessions` and keep their connection slot: a dropped browser
  // still holds a logged-in POP3 connection, so it must count against the caps.
  // Made once the port is known: a bridge without a configured id derives it from the port.
  let resumes: ResumeRegistry<TunnelSession> | null = null;
  const retainedBudget = new RetainedBudget(limits.resumeBufferTotalBytes);
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
      return sendText(response, 200, 'application/json', JSON.stringify(allowlist.list()));
    }
    if (pathname === '/tunnel') {
      return sendText(response, 426, 'text/plain; charset=utf-8', 'Upgrade Required\n', { Upgrade: 'websocket' });
    }
    staticFiles.handle(request, response, pathname).catch(() => {
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
    ? createHttpsServer(
        { ...timeouts, handshakeTimeout: limits.headersTimeoutMs, cert: readFile(config.tls!.certFile, 'tls.certFile'), key: readFile(config.tls!.keyFile, 'tls.keyFile') },
        onRequest,
      )
    : createHttpServer(timeouts, onRequest);
  countConnections(server, limits, proxies, logger);

  const accept = (ws: WebSocket, socket: Duplex, request: IncomingMessage, ip: string): void => {
    const id = randomUUID();
    // Over the cap, the WebSocket still gets its session, without a slot: a `resume` needs
    // none, and an `open` is refused with TUNNEL_ERR_TOO_MANY_CONNECTIONS (see ConnectionSlot).
    // Such sockets are bounded by the HTTP connection caps and the handshake timeout.
    const slot = new ConnectionSlot(limiter, limitKey(ip));
    slot.tryTake();
    logger.log('tunnel-accepted', { id, ip, origin: request.headers.origin ?? null });
    const session: TunnelSession = new TunnelSession({ ws, socket }, {
      id,
      ip,
      allowlist,
      limits,
      compression,
      ca,
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
    const fromProxy = proxies.trusts(request.socket.remoteAddress);
    const ip = clientAddress(request, fromProxy);
    const scheme = requestScheme(request, terminatesTls, fromProxy);
    if (!isOriginAllowed(request.headers.origin, config.allowedOrigins, scheme, request.headers.host, loopbackOnlyHost(fromProxy))) {
      logger.log('tunnel-refused', { ip, origin: request.headers.origin ?? null, code: 'TUNNEL_ERR_ORIGIN_DENIED' });
      return rejectUpgrade(socket, 403, 'Forbidden');
    }
    // The session keeps `socket` too: its writableLength tells the compression policy how much
    // waits for the link, apart from what waits for the compressor.
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, socket, request, ip));
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
  logger.log('bridge-listening', { url, bridgeId, targets: config.targets.length });

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.shutdown();
      const deadline = Date.now() + SHUTDOWN_GRACE_MS;
      while (sessions.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const session of sessions) session.terminate();
      server.closeAllConnections();
      wss.close();
      await serverClosed;
      logger.log('bridge-closed', {});
    })();
    return closed;
  };

  return {
    port,
    bridgeId,
    url,
    get connections() {
      return limiter.total;
    },
    tunnels: () => [...sessions].map((session) => ({ id: session.id, ...session.progress })),
    close,
  };
}
