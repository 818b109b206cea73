import type { TlsMode } from '../../shared/tunnel/index.ts';

/** One mail server the browser may name. Only the config defines targets. */
export interface TargetConfig {
  /** What the browser sends in `open`; matches isValidTargetName. */
  name: string;
  /** Shown in the account form. */
  label: string;
  /** Host name or IP literal (IPv6 without brackets). Also the name the TLS certificate must carry. */
  host: string;
  port: number;
  tls: TlsMode;
  /** Allow loopback, private and other special addresses for this target. Default false. */
  allowLocal: boolean;
  /**
   * The browser does TLS with the mail server itself (after STLS, for `starttls`); the bridge
   * connects and relays ciphertext it cannot read. Needs `implicit` or `starttls` and a host
   * name (the certificate is checked against it in the browser). Default false.
   */
  endToEnd: boolean;
}

export interface LimitsConfig {
  /** Largest WebSocket message from a browser, after inflation, in bytes. Default 1024. */
  maxPayload: number;
  /** Open tunnels in total. Default 256. */
  maxConnections: number;
  /** Open tunnels per client IP. Default 8. */
  maxConnectionsPerIp: number;
  /** Time for the browser to send `open` after the upgrade. Default 10000 ms. */
  handshakeTimeoutMs: number;
  /** A tunnel with no bytes in either direction for this long is closed. Default 300000 ms. */
  idleTimeoutMs: number;
  /** No tunnel lives longer than this. Default 3600000 ms. */
  lifetimeTimeoutMs: number;
  /** TCP connect, TLS handshake and STLS together must finish within this. Default 15000 ms. */
  upstreamConnectTimeoutMs: number;
  /** Pause reading the mail server while the WebSocket has more than this buffered. Default 1048576 bytes. */
  highWaterMark: number;
  /**
   * How long a resumable session's POP3 connection stays open after its WebSocket dropped,
   * waiting for the browser to resume. 0 turns resumption off. Default 120000 ms.
   */
  resumeGraceMs: number;
  /** Mail-server bytes a resumable session keeps until the browser acks them; when full, the server is paused. Default 8388608. */
  resumeBufferBytes: number;
  /** Retained bytes of all resumable sessions together; past it, each session keeps at most 256 KiB unacked. Default 268435456. */
  resumeBufferTotalBytes: number;
  /**
   * A resumable session pings its WebSocket this often and drops it (parking the session) when
   * the previous ping got no pong, so a browser that vanished without a TCP reset starts the
   * grace period instead of holding the session until idleTimeoutMs. Default 15000 ms.
   */
  resumePingMs: number;
  /** Failed resume attempts (unknown session, wrong token) one IP may make per minute before all its resumes are refused. Default 10. */
  maxResumeFailuresPerIp: number;
  /**
   * Open TCP connections to the bridge in total, before and after an upgrade (page loads,
   * /healthz, tunnels); past it a new connection is dropped at once. Default 1024.
   */
  maxHttpConnections: number;
  /**
   * Open TCP connections per client IP (an IPv6 client by its /64). Not applied with
   * trustProxy, where every connection comes from the proxy. Default 32.
   */
  maxHttpConnectionsPerIp: number;
  /** A client must send its request headers (and a TLS client finish its handshake) within this. Default 10000 ms. */
  headersTimeoutMs: number;
  /** After the bridge closes a WebSocket, how long the browser has to answer the close frame before the socket is cut. Default 2000 ms. */
  closeGraceMs: number;
  /** Control messages (acks, pings, pongs) a browser may send per second on one tunnel; more ends it with TUNNEL_ERR_FLOOD. Default 500. */
  maxControlMessagesPerSecond: number;
  /**
   * A tunnel whose browser takes none of the bytes waiting for it (bytes queued, none
   * written) for this long is closed with TUNNEL_ERR_TIMEOUT. Default 120000 ms.
   */
  sendStallTimeoutMs: number;
  /** A target's DNS lookup must answer within this. Default 5000 ms. */
  dnsTimeoutMs: number;
  /**
   * On SIGTERM, how long open tunnels may go on (a sync in flight finishing) before the rest
   * are closed with TUNNEL_ERR_SHUTTING_DOWN. Parked sessions are closed at once. Default 30000 ms.
   */
  drainGraceMs: number;
}

export interface CompressionConfig {
  /** permessage-deflate (RFC 7692) on the tunnel. Default true. */
  enabled: boolean;
  /** zlib level 0–9. Default 6. */
  level: number;
  /** zlib memLevel 1–9; memory per deflate stream is about 2^(memLevel+9) bytes. Default 8. */
  memLevel: number;
  /** LZ77 window 9–15 (RFC 7692 §7.1.2), for both directions. Default 15. */
  windowBits: number;
  /** zlib jobs running at once across all tunnels. Default 8. */
  concurrencyLimit: number;
  /** Messages smaller than this are sent uncompressed. Default 256 bytes. */
  threshold: number;
  /**
   * Deflate a message only while the link to the browser is the bottleneck (CompressionPolicy);
   * false deflates every message of at least `threshold` bytes. Default true.
   */
  adaptive: boolean;
  /** Adaptive, rate 0 only: go plain once the compressor holds more than this… Default 262144 bytes. */
  plainAboveCompressorBytes: number;
  /** …while less than this waits for the link (the socket's writableLength)… Default 65536 bytes. */
  plainBelowLinkBytes: number;
  /** The stretch over which the link's rate (or, with the rate at 0, a full compressor) is judged. Default 1000 ms. */
  plainAfterMs: number;
  /**
   * Adaptive: go plain after a stretch of plainAfterMs in which the kernel took the socket's
   * bytes (socket.bytesWritten, less what still waits) at least this fast, whatever the
   * backlogs: the link is not what the browser waits for. 0 judges by the backlogs instead.
   * Default 10_000_000 (80 Mbit/s).
   */
  plainAboveLinkBytesPerSecond: number;
  /**
   * Adaptive: while deflating, try a plain stretch once a stretch's rate reaches this; plain
   * stays only if that stretch reaches plainAboveLinkBytesPerSecond, else the bridge deflates
   * again and tries no more for compressAgainAfterMs. Deflated bytes come at most as fast as
   * the compressor and the browser take them, which on a busy machine sits near the floor.
   * 0 never tries. Default 6_000_000 (48 Mbit/s), above what buffer slack fakes in a stretch.
   */
  tryPlainAboveLinkBytesPerSecond: number;
  /**
   * Adaptive, resumable tunnels: also try plain once the browser has acknowledged (raw mail
   * bytes, which no buffer can speed up) tryPlainAboveLinkBytesPerSecond within a window this long.
   * 0 judges by the kernel's rate alone. Default 250 ms.
   */
  tryPlainAfterAckedMs: number;
  /** Adaptive: deflate again once more than this waits for the link after a stretch slower than the rate. Default 262144 bytes. */
  compressAboveLinkBytes: number;
  /** Adaptive: deflate again after this long plain, to see whether the compressor keeps up now. Default 15000 ms. */
  compressAgainAfterMs: number;
  /**
   * Free a tunnel's deflate context (≈ 256 KiB at the defaults) once no compressed message
   * has gone out for this long; the next one starts a fresh context. 0 keeps it for the
   * tunnel's life. Default 5000 ms.
   */
  releaseIdleMs: number;
}

/** A validated configuration with every default filled in and every path absolute. */
export interface BridgeConfig {
  listen: { host: string; port: number };
  /** When set, the bridge serves https and wss itself. */
  tls: { certFile: string; keyFile: string } | null;
  /** Allowed Origin values; null means same-origin only (Origin equals scheme://Host). */
  allowedOrigins: string[] | null;
  targets: TargetConfig[];
  /** Extra trusted CA (PEM) for upstream TLS, on top of the default roots. */
  upstreamCaFile: string | null;
  limits: LimitsConfig;
  compression: CompressionConfig;
  /** The built web app; null serves no static files. */
  staticDir: string | null;
  /**
   * Take the client IP from X-Forwarded-For and the scheme from X-Forwarded-Proto: `true` from
   * any peer, a list of addresses (the load balancer's) from those peers only. Default false.
   */
  trustProxy: boolean | readonly string[];
  /**
   * This bridge's id, the public route at the head of its resume tokens; behind a load
   * balancer, the server name it routes `/tunnel?resume=ID` to. null: derived from the host
   * name and the port (startBridge), so a single bridge needs no setting.
   */
  bridgeId: string | null;
  /** Where Prometheus scrapes GET /metrics: a listener of its own, never the public one. null (default) = no metrics. */
  metrics: { host: string; port: number } | null;
}

export const DEFAULT_LIMITS: Readonly<LimitsConfig> = {
  maxPayload: 1024,
  maxConnections: 256,
  maxConnectionsPerIp: 8,
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 300_000,
  lifetimeTimeoutMs: 3_600_000,
  upstreamConnectTimeoutMs: 15_000,
  highWaterMark: 1_048_576,
  resumeGraceMs: 120_000,
  resumeBufferBytes: 8 * 1024 * 1024,
  resumeBufferTotalBytes: 256 * 1024 * 1024,
  resumePingMs: 15_000,
  maxResumeFailuresPerIp: 10,
  maxHttpConnections: 1024,
  maxHttpConnectionsPerIp: 32,
  headersTimeoutMs: 10_000,
  closeGraceMs: 2_000,
  maxControlMessagesPerSecond: 500,
  sendStallTimeoutMs: 120_000,
  dnsTimeoutMs: 5_000,
  drainGraceMs: 30_000,
};

export const DEFAULT_COMPRESSION: Readonly<CompressionConfig> = {
  enabled: true,
  level: 6,
  memLevel: 8,
  windowBits: 15,
  concurrencyLimit: 8,
  threshold: 256,
  adaptive: true,
  plainAboveCompressorBytes: 256 * 1024,
  plainBelowLinkBytes: 64 * 1024,
  plainAfterMs: 1000,
  plainAboveLinkBytesPerSecond: 10_000_000,
  tryPlainAboveLinkBytesPerSecond: 6_000_000,
  tryPlainAfterAckedMs: 250,
  compressAboveLinkBytes: 256 * 1024,
  compressAgainAfterMs: 15_000,
  releaseIdleMs: 5_000,
};

export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 8080 } as const;
