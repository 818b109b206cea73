/**
 * The browser side of the tunnel (shared/tunnel/protocol.ts) over the standard WebSocket API,
 * so it runs in the sync Worker and, with `ws`'s WebSocket passed in, in Node tests.
 *
 * Refusals before `ready` reject with a TunnelError:
 * - a bridge `error` message → its code; close 4000 → the code in the close reason;
 * - close 1009 → TUNNEL_ERR_FRAME_TOO_LARGE; any other close or error → TUNNEL_ERR_CLOSED
 *   (a browser hides the HTTP status of a refused upgrade, so a 403 looks the same);
 * - no `ready` within timeoutMs → TUNNEL_ERR_TIMEOUT.
 * After `ready`: binary frames feed read(); `upstream-closed` or a normal close → EOF (null)
 * after the bytes already received; an `error` message, close 4000/1009 or a socket error
 * make read() reject with the TunnelError; a read waiting longer than timeoutMs rejects with
 * TUNNEL_ERR_TIMEOUT and closes the socket.
 */
import type { ByteChannel } from '../../../../shared/pop3/index.ts';
import {
  TUNNEL_CLOSE_CODE,
  TUNNEL_PROTOCOL_VERSION,
  TunnelError,
  encodeMessage,
  isTunnelErrorCode,
  parseBridgeMessage,
  type BridgeMessage,
} from '../../../../shared/tunnel/index.ts';
import { ReadQueue } from './read-queue.ts';

export type TunnelReady = Extract<BridgeMessage, { type: 'ready' }>;

/** Any constructor with the standard WebSocket shape; `ws`'s WebSocket fits with a cast. */
export type WebSocketConstructor = new (url: string) => WebSocket;

export interface TunnelChannelOptions {
  /** How long to wait for `ready`, and for each read(). */
  timeoutMs: number;
  /** Defaults to globalThis.WebSocket. */
  WebSocketImpl?: WebSocketConstructor;
}

export interface TunnelChannel {
  ready: TunnelReady;
  channel: ByteChannel;
  /** POP3 octets received in binary frames (after permessage-deflate; the browser hides wire bytes). */
  wireBytes(): { received: number };
}

const OPEN = 1;
const CONNECTING = 0;

function closeError(code: number, reason: string, phase: string): TunnelError {
  if (code === TUNNEL_CLOSE_CODE.tooBig) return new TunnelError('TUNNEL_ERR_FRAME_TOO_LARGE');
  if (code === TUNNEL_CLOSE_CODE.tunnelError && isTunnelErrorCode(reason)) return new TunnelError(reason);
  return new TunnelError('TUNNEL_ERR_CLOSED', `the WebSocket to the bridge closed (${code}${reason ? ` ${reason}` : ''}) ${phase}`);
}

export function openTunnelChannel(url: string, target: string, options: TunnelChannelOptions): Promise<TunnelChannel> {
  const Impl = options.WebSocketImpl ?? globalThis.WebSocket;
  const ws = new Impl(url);
  ws.binaryType = 'arraybuffer';
  let received = 0;
  const closeSocket = (): void => {
    if (ws.readyState === OPEN || ws.readyState === CONNECTING) ws.close(TUNNEL_CLOSE_CODE.normal);
  };
  const queue = new ReadQueue(options.timeoutMs, closeSocket);
  const channel: ByteChannel = {
    write(bytes) {
      // After a close there is nobody to send to; the reader sees the end.
      if (ws.readyState === OPEN) ws.send(bytes);
    },
    read: () => queue.read(),
    close() {
      closeSocket();
      // Our own close ends the stream now, without waiting for the bridge's close frame.
      queue.end();
    },
  };

  return new Promise<TunnelChannel>((resolve, reject) => {
    let ready: TunnelReady | undefined;
    const fail = (error: TunnelError): void => {
      clearTimeout(timer);
      if (ready) {
        queue.fail(error);
        return;
      }
      reject(error);
      closeSocket();
    };
    const timer = setTimeout(() => fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `no ready from the bridge within ${options.timeoutMs} ms`)), options.timeoutMs);

    ws.onopen = () => ws.send(encodeMessage({ type: 'open', v: TUNNEL_PROTOCOL_VERSION, target }));
    ws.onmessage = (event: MessageEvent) => {
      const data: unknown = event.data;
      if (typeof data !== 'string') {
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
        if (bytes === null) return fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'a binary frame that is not an ArrayBuffer'));
        // The protocol forbids POP3 bytes before ready: the bridge's bug, not mail.
        if (!ready) return fail(new TunnelError('TUNNEL_ERR_NOT_OPEN', 'the bridge sent POP3 bytes before ready'));
        received += bytes.byteLength;
        return queue.push(bytes);
      }
      let message: BridgeMessage;
      try {
        message = parseBridgeMessage(data);
      } catch (error) {
        return fail(error instanceof TunnelError ? error : new TunnelError('TUNNEL_ERR_BAD_MESSAGE'));
      }
      switch (message.type) {
        case 'ready':
          if (ready) return fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'a second ready'));
          ready = message;
          clearTimeout(timer);
          return resolve({ ready, channel, wireBytes: () => ({ received }) });
        case 'error':
          return fail(new TunnelError(isTunnelErrorCode(message.code) ? message.code : 'TUNNEL_ERR_INTERNAL', message.message));
        case 'upstream-closed':
          if (!ready) return fail(new TunnelError('TUNNEL_ERR_UPSTREAM_CLOSED'));
          return queue.end();
      }
    };
    ws.onerror = () => {
      // Browsers give no detail here; the close event that follows carries the code.
      if (!ready) fail(new TunnelError('TUNNEL_ERR_CLOSED', 'the WebSocket to the bridge failed before ready'));
    };
    ws.onclose = (event: CloseEvent) => {
      clearTimeout(timer);
      if (!ready) {
        reject(closeError(event.code, event.reason, 'before ready'));
        return;
      }
      if (event.code === TUNNEL_CLOSE_CODE.normal || event.code === TUNNEL_CLOSE_CODE.goingAway) queue.end();
      else queue.fail(closeError(event.code, event.reason, 'mid-session'));
    };
  });
}
