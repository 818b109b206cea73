import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import {
  TUNNEL_CLOSE_CODE,
  TUNNEL_PROTOCOL_VERSION,
  TunnelError,
  encodeMessage,
  parseClientMessage,
  type BridgeMessage,
  type TunnelErrorCode,
} from '../../shared/tunnel/index.ts';
import type { LimitsConfig } from '../config/index.ts';
import type { BridgeLogger } from '../logging/index.ts';
import type { TargetAllowlist } from '../targets/index.ts';
import { connectUpstream } from '../upstream/index.ts';

export interface TunnelSessionOptions {
  id: string;
  ip: string;
  allowlist: TargetAllowlist;
  limits: LimitsConfig;
  /** Trusted CAs for upstream TLS; undefined = Node's default roots. */
  ca: string[] | undefined;
  logger: BridgeLogger;
  /** Called once, when the WebSocket has closed and the upstream is gone. */
  onEnd: () => void;
}

type State = 'awaiting-open' | 'connecting' | 'relaying' | 'closed';

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * One browser WebSocket and, once `open` succeeded, one upstream socket: the state machine of
 * shared/tunnel/protocol.ts on the bridge side. It moves bytes and counts them; it never looks
 * inside them, so it cannot log a password even by mistake.
 */
export class TunnelSession {
  readonly #ws: WebSocket;
  readonly #options: TunnelSessionOptions;
  readonly #abort = new AbortController();
  readonly #started = Date.now();
  readonly #timers: NodeJS.Timeout[] = [];
  #idleTimer: NodeJS.Timeout | null = null;
  #state: State = 'awaiting-open';
  #upstream: Socket | null = null;
  #upstreamPaused = false;
  #wsPaused = false;
  #target: string | null = null;
  #bytesUp = 0;
  #bytesDown = 0;
  #endCode: TunnelErrorCode | null = null;
  #endMessage: string | null = null;

  constructor(ws: WebSocket, options: TunnelSessionOptions) {
    this.#ws = ws;
    this.#options = options;
    const { limits } = options;
    this.#timers.push(
      setTimeout(() => {
        if (this.#state === 'awaiting-open') this.fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `no open message within ${limits.handshakeTimeoutMs} ms`));
      }, limits.handshakeTimeoutMs),
      setTimeout(() => this.fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `tunnel lifetime of ${limits.lifetimeTimeoutMs} ms reached`)), limits.lifetimeTimeoutMs),
    );
    ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    ws.on('error', (error: Error & { code?: string }) => this.#onWsError(error));
    ws.on('close', (code) => this.#onWsClose(code));
  }

  get state(): State {
    return this.#state;
  }

  /** Ends the tunnel with an error frame and close code 4000 (reason = the code). */
  fail(error: TunnelError): void {
    if (this.#state === 'closed') return;
    this.#close();
    this.#endCode = error.code;
    this.#endMessage = error.message;
    this.#send({ type: 'error', v: TUNNEL_PROTOCOL_VERSION, code: error.code, message: error.message });
    this.#ws.close(TUNNEL_CLOSE_CODE.tunnelError, error.code);
  }

  /** Bridge shutdown: tell the browser why, then close. */
  shutdown(): void {
    this.fail(new TunnelError('TUNNEL_ERR_SHUTTING_DOWN', 'the bridge is shutting down'));
  }

  /** Last resort after shutdown's grace period. */
  terminate(): void {
    this.#close();
    this.#ws.terminate();
  }

  #close(): void {
    this.#state = 'closed';
    for (const timer of this.#timers) clearTimeout(timer);
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#abort.abort();
    this.#upstream?.destroy();
  }

  #send(message: BridgeMessage): void {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(encodeMessage(message));
  }

  #touch(): void {
    this.#idleTimer?.refresh();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    switch (this.#state) {
      case 'awaiting-open': {
        if (isBinary) return this.fail(new TunnelError('TUNNEL_ERR_NOT_OPEN', 'POP3 bytes before the tunnel is ready'));
        let target: string;
        try {
          target = parseClientMessage(toBuffer(data).toString('utf8')).target;
        } catch (error) {
          return this.fail(error instanceof TunnelError ? error : new TunnelError('TUNNEL_ERR_BAD_MESSAGE'));
        }
        this.#state = 'connecting';
        this.#target = target;
        void this.#open(target);
        return;
      }
      case 'connecting':
        if (isBinary) return this.fail(new TunnelError('TUNNEL_ERR_NOT_OPEN', 'POP3 bytes before the tunnel is ready'));
        return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'only one open message per tunnel'));
      case 'relaying': {
        if (!isBinary) return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'no control messages after ready'));
        const upstream = this.#upstream;
        if (!upstream) return;
        const chunk = toBuffer(data);
        this.#bytesUp += chunk.length;
        this.#touch();
        // Backpressure browser → server: stop reading the WebSocket until the server drains.
        if (!upstream.write(chunk) && !this.#wsPaused) {
          this.#wsPaused = true;
          this.#ws.pause();
          upstream.once('drain', () => {
            this.#wsPaused = false;
            this.#ws.resume();
          });
        }
        return;
      }
      case 'closed':
        return;
    }
  }

  async #open(name: string): Promise<void> {
    const { allowlist, limits, ca, logger, id } = this.#options;
    try {
      const resolved = await allowlist.resolve(name);
      if (this.#state !== 'connecting') return;
      const upstream = await connectUpstream(resolved, { ca, connectTimeoutMs: limits.upstreamConnectTimeoutMs, signal: this.#abort.signal });
      if (this.#state !== 'connecting') {
        upstream.socket.destroy();
        return;
      }
      this.#upstream = upstream.socket;
      this.#state = 'relaying';
      logger.log('tunnel-ready', { id, target: name, tls: upstream.tls, address: resolved.address, discardedBytes: upstream.discardedBytes });
      // `ready` goes out before the first relayed byte: the data listener is attached after it.
      this.#send({ type: 'ready', v: TUNNEL_PROTOCOL_VERSION, target: name, tls: upstream.tls, greeting: upstream.greeting });
      this.#relayUpstream(upstream.socket);
    } catch (error) {
      if (this.#state === 'closed') return;
      if (error instanceof TunnelError) return this.fail(error);
      logger.log('internal-error', { id, message: (error as Error)?.message ?? String(error) });
      this.fail(new TunnelError('TUNNEL_ERR_INTERNAL', 'internal error in the bridge'));
    }
  }

  #relayUpstream(socket: Socket): void {
    const { limits } = this.#options;
    this.#idleTimer = setTimeout(() => this.fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `no traffic for ${limits.idleTimeoutMs} ms`)), limits.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => {
      if (this.#state !== 'relaying') return;
      this.#bytesDown += chunk.length;
      this.#touch();
      this.#ws.send(chunk, { binary: true }, () => {
        // Resume once what we queued has flushed below the high-water mark.
        if (this.#upstreamPaused && this.#ws.bufferedAmount <= limits.highWaterMark) {
          this.#upstreamPaused = false;
          socket.resume();
        }
      });
      // Backpressure server → browser: a slow link must not make the bridge buffer a mailbox.
      if (!this.#upstreamPaused && this.#ws.bufferedAmount > limits.highWaterMark) {
        this.#upstreamPaused = true;
        socket.pause();
      }
    });
    socket.on('end', () => {
      if (this.#state !== 'relaying') return;
      this.#close();
      this.#send({ type: 'upstream-closed', v: TUNNEL_PROTOCOL_VERSION });
      this.#ws.close(TUNNEL_CLOSE_CODE.normal);
    });
    socket.on('error', (error: Error & { code?: string }) => {
      this.#endMessage = error.code ?? 'upstream error';
    });
    socket.on('close', () => {
      if (this.#state === 'relaying') this.fail(new TunnelError('TUNNEL_ERR_UPSTREAM_CLOSED', `the mail server connection broke (${this.#endMessage ?? 'closed'})`));
    });
  }

  #onWsError(error: Error & { code?: string }): void {
    if (this.#state === 'closed') return;
    // ws closes by itself after this: 1009 for a too-large message, 1002 for a broken frame.
    this.#endCode = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'TUNNEL_ERR_FRAME_TOO_LARGE' : 'TUNNEL_ERR_BAD_MESSAGE';
    this.#endMessage = error.code ?? 'websocket error';
    this.#close();
  }

  #onWsClose(closeCode: number): void {
    if (this.#state !== 'closed') {
      this.#endCode = 'TUNNEL_ERR_CLOSED';
      this.#close();
    }
    const { id, ip, logger, onEnd } = this.#options;
    logger.log('tunnel-closed', {
      id,
      ip,
      target: this.#target,
      bytesUp: this.#bytesUp,
      bytesDown: this.#bytesDown,
      durationMs: Date.now() - this.#started,
      code: this.#endCode,
      message: this.#endMessage,
      closeCode,
    });
    onEnd();
  }
}
