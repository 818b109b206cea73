/**
 * The browser side of the tunnel, in Node: opens `/tunnel` on a bridge, sends `open`, waits
 * for `ready`, and hands back a ByteChannel carrying POP3 bytes in binary frames
 * (shared/tunnel/protocol.ts). Integration tests run shared/pop3 over it exactly as the
 * sync worker does in the browser.
 *
 * How a refusal becomes a TunnelError code, before `ready`:
 * - a bridge `error` message → its code;
 * - HTTP 403 on upgrade → TUNNEL_ERR_ORIGIN_DENIED; 503 → TUNNEL_ERR_SHUTTING_DOWN;
 * - close 1009 → TUNNEL_ERR_FRAME_TOO_LARGE; close 4000 → the code in the close reason;
 * - any other close → TUNNEL_ERR_CLOSED; no `ready` in time → TUNNEL_ERR_TIMEOUT.
 * After `ready`: binary frames → read(); `upstream-closed` or a close → EOF (null), after
 * the bytes already received; a bridge `error` message → read() rejects with its TunnelError.
 */
import WebSocket from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import {
  TUNNEL_CLOSE_CODE,
  TUNNEL_PROTOCOL_VERSION,
  TunnelError,
  encodeMessage,
  isTunnelErrorCode,
  parseBridgeMessage,
  type BridgeMessage,
  type TunnelErrorCode,
} from '../../shared/tunnel/index.ts';
import type { ByteChannel } from '../../shared/pop3/index.ts';
import { ChunkQueue } from './chunk-queue.ts';

export interface OpenTunnelOptions {
  /** Sent as the Origin header, which the bridge checks against its allowlist. Default: none. */
  origin?: string;
  /** How long to wait for `ready`, and for each read(). Default 10 000 ms. */
  timeoutMs?: number;
  /** PEM of a CA to trust for a wss:// bridge. Default: the system store. */
  ca?: string;
}

export interface OpenedTunnel {
  ready: Extract<BridgeMessage, { type: 'ready' }>;
  channel: ByteChannel;
  ws: WebSocket;
  /** Bytes on the TCP connection to the bridge, HTTP upgrade and compression included. */
  wireBytes(): { sent: number; received: number };
}

function asTunnelCode(code: string): TunnelErrorCode {
  return isTunnelErrorCode(code) ? code : 'TUNNEL_ERR_INTERNAL';
}

function errorFromClose(code: number, reason: string): TunnelError {
  if (code === TUNNEL_CLOSE_CODE.tooBig) return new TunnelError('TUNNEL_ERR_FRAME_TOO_LARGE');
  if (code === TUNNEL_CLOSE_CODE.tunnelError && isTunnelErrorCode(reason)) return new TunnelError(reason);
  return new TunnelError('TUNNEL_ERR_CLOSED', `the bridge closed the WebSocket (${code}${reason ? ` ${reason}` : ''}) before ready`);
}

function errorFromHttpStatus(status: number | undefined): TunnelError {
  if (status === 403) return new TunnelError('TUNNEL_ERR_ORIGIN_DENIED');
  if (status === 503) return new TunnelError('TUNNEL_ERR_SHUTTING_DOWN');
  return new TunnelError('TUNNEL_ERR_CLOSED', `the bridge refused the WebSocket upgrade with HTTP ${status ?? '(no status)'}`);
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Opens a tunnel to `target` through the bridge at `url` (ws://host:port/tunnel). */
export function openTunnel(url: string, target: string, options: OpenTunnelOptions = {}): Promise<OpenedTunnel> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const ws = new WebSocket(url, {
    perMessageDeflate: true,
    ...(options.origin === undefined ? {} : { origin: options.origin }),
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  const queue = new ChunkQueue({ timeoutMs, describe: `tunnel ${target} via ${url}` });
  let socket: Socket | undefined;
  ws.once('upgrade', (response: IncomingMessage) => {
    socket = response.socket;
  });
  const wireBytes = () => ({ sent: socket?.bytesWritten ?? 0, received: socket?.bytesRead ?? 0 });
  const channel: ByteChannel = {
    write(bytes) {
      // After a close there is nobody to send to; the reader will see EOF.
      if (ws.readyState === WebSocket.OPEN) ws.send(bytes, { binary: true });
    },
    read: () => queue.read(),
    close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(TUNNEL_CLOSE_CODE.normal);
      // A bridge that never answers the close handshake must not keep the socket alive.
      setTimeout(() => ws.terminate(), 1_000).unref();
    },
  };

  return new Promise<OpenedTunnel>((resolve, reject) => {
    let ready: OpenedTunnel['ready'] | undefined;
    const fail = (error: TunnelError) => {
      clearTimeout(timer);
      if (ready) return queue.fail(error);
      reject(error);
      ws.terminate();
    };
    const timer = setTimeout(
      () => fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `no ready from the bridge within ${timeoutMs} ms`)),
      timeoutMs,
    );

    ws.once('unexpected-response', (_request, response: IncomingMessage) => {
      fail(errorFromHttpStatus(response.statusCode));
    });
    ws.on('error', (error: Error) => {
      // Before ready, a socket error (refused, reset) is a closed tunnel; after it, an end.
      if (!ready) fail(new TunnelError('TUNNEL_ERR_CLOSED', `WebSocket to the bridge failed: ${error.message}`));
      else queue.fail(new TunnelError('TUNNEL_ERR_CLOSED', `WebSocket to the bridge failed: ${error.message}`));
    });
    ws.once('open', () => {
      ws.send(encodeMessage({ type: 'open', v: TUNNEL_PROTOCOL_VERSION, target }));
    });
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary) {
        // The protocol forbids POP3 bytes before ready; treat them as the bridge's bug.
        if (!ready) return fail(new TunnelError('TUNNEL_ERR_NOT_OPEN', 'the bridge sent POP3 bytes before ready'));
        return queue.push(toBytes(data));
      }
      let message: BridgeMessage;
      try {
        message = parseBridgeMessage(Buffer.from(toBytes(data)).toString('utf8'));
      } catch (error) {
        return fail(error as TunnelError);
      }
      switch (message.type) {
        case 'ready':
          if (ready) return fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'a second ready'));
          ready = message;
          clearTimeout(timer);
          return resolve({ ready, channel, ws, wireBytes });
        case 'error':
          return fail(new TunnelError(asTunnelCode(message.code), message.message));
        case 'upstream-closed':
          if (!ready) return fail(new TunnelError('TUNNEL_ERR_UPSTREAM_CLOSED'));
          return queue.end();
      }
    });
    ws.once('close', (code: number, reason: Buffer) => {
      clearTimeout(timer);
      if (!ready) reject(errorFromClose(code, reason.toString('utf8')));
      queue.end();
    });
  });
}
