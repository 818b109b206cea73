import type { BackoffOptions } from './backoff.ts';
import type { TunnelState } from './tunnel-states.ts';
import type { WebSocketFactory } from './websocket-like.ts';

/** What openResumableTunnel takes: where to connect, and how patient to be with the link. */
export interface ResumableTunnelOptions {
  /** ws(s)://host/tunnel */
  url: string;
  target: string;
  createWebSocket: WebSocketFactory;
  /** Reconnect pacing; default 250 ms doubling to 10 s, full jitter. */
  backoff?: Partial<BackoffOptions>;
  /** Stop reconnecting after the link has been down this long. Default 120 000 ms, the bridge's default grace. */
  maxReconnectMs?: number;
  /** Time for one WebSocket to bring `ready` or `resumed`. Default 15 000 ms. */
  handshakeTimeoutMs?: number;
  /**
   * With a read waiting or a command unacknowledged, this long without a word from the bridge
   * means the link is dead even if TCP has not noticed (a stalled train tunnel can hold a
   * socket open for minutes): drop it and resume on a new one. Default 20 000 ms.
   */
  stallTimeoutMs?: number;
  /**
   * With a read waiting and the bridge answering our heartbeats (so the link is up), this long
   * without a POP3 byte means the mail server stopped answering: end with
   * TUNNEL_ERR_UPSTREAM_SILENT instead of waiting for the bridge's idle timeout (5 min) and
   * blaming the link. Default 60 000 ms.
   */
  serverSilenceMs?: number;
  /**
   * Largest binary frame this side sends: the bridge closes the WebSocket (1009) on a frame
   * over its `limits.maxPayload`, 1 024 bytes by default, so a pipelined batch of commands
   * leaves as several frames. Default 1 024; CIPHERTEXT_MAX_FRAME_BYTES for TLS records.
   */
  maxFrameBytes?: number;
  /**
   * Ack after this many new bytes. Default 1 048 576: each ack is a message each way (the
   * bridge answers it, and inflates it), and at 128 KiB the bridge spent ~0.4 CPU s of a
   * 3.7 s loopback sync of 104 MB on them. A bridge whose retained buffer fills sooner asks
   * for an ack (`wanted`), so no interval is too long for it.
   */
  ackEveryBytes?: number;
  /**
   * Also ack new bytes once this long has passed since the last ack. Default 100 ms: on a
   * slow link a megabyte takes seconds, and the bridge judges the link's rate by the acks
   * (within 250 ms windows), so they come at least this often while bytes flow.
   */
  ackEveryMs?: number;
  /** Ack (or, while waiting, send a heartbeat ack) at least this often. Default 1 000 ms. */
  ackIntervalMs?: number;
  onStateChange?: (state: TunnelState<'client'>) => void;
  /** A number in [0, 1); injectable so backoff is deterministic in tests. Default Math.random. */
  random?: () => number;
}

/**
 * Frames of ciphertext (an end-to-end tunnel) are incompressible: permessage-deflate stores them
 * with a few bytes more, and the bridge checks maxPayload against the frame as sent. 1 000
 * bytes become at most 1 011 on the wire, under the default 1 024.
 */
export const CIPHERTEXT_MAX_FRAME_BYTES = 1000;
