import type { ByteChannel } from '../pop3/byte-channel.ts';
import { DEFAULT_BACKOFF } from './backoff.ts';
import { ByteInbox } from './byte-inbox.ts';
import { TUNNEL_CLOSE_CODE, isTunnelErrorCode } from './error-codes.ts';
import { TUNNEL_PROTOCOL_VERSION, encodeMessage, parseBridgeMessage, type BridgeMessage, type ClientMessage, type ResumeGrant } from './protocol.ts';
import { ReconnectSchedule, resumeCanHelp } from './reconnect-schedule.ts';
import type { ResumableTunnelOptions } from './resumable-tunnel-options.ts';
import { RetainedBytes } from './retained-bytes.ts';
import { resumeUrl } from './resume-route.ts';
import { TunnelError } from './tunnel-error.ts';
import { isFinalTunnelState, nextTunnelState, type TunnelEvent, type TunnelState } from './tunnel-states.ts';
import { WS_OPEN, timers, type WebSocketLike } from './websocket-like.ts';

interface ResumableTunnelStats {
  /** Bytes of every WebSocket message received: POP3 bytes plus control messages. The WebSocket API hides frame headers and compression. */
  wireReceived: number;
  /** POP3 bytes handed to read(): each exactly once, however many reconnects it took. */
  payloadReceived: number;
  /** Successful resumes. */
  reconnects: number;
  /** Bytes this side wrote again after a resume because the bridge had not received them. */
  replayedBytes: number;
}

export interface ResumableTunnel {
  ready: Extract<BridgeMessage, { type: 'ready' }>;
  channel: ByteChannel;
  stats(): ResumableTunnelStats;
  /**
   * How long the mail server has sent nothing while a read waits, counted as the tunnel's
   * server-silence timeout counts it (never the time the link was down: a resume restarts
   * it). 0 while no read waits, or while the link is not known to be up: the bridge has not
   * answered a heartbeat within three ack intervals, or there is no resume grant (then there
   * are no heartbeats to judge by).
   */
  serverSilentForMs(): number;
}

/** The bridge's default `limits.maxPayload`. */
const DEFAULT_MAX_FRAME_BYTES = 1024;
const DEFAULT_ACK_EVERY_BYTES = 1024 * 1024;
const DEFAULT_ACK_EVERY_MS = 100;

function messageSize(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

function errorFromClose(code: number, reason: string): TunnelError {
  if (code === TUNNEL_CLOSE_CODE.tooBig) return new TunnelError('TUNNEL_ERR_FRAME_TOO_LARGE');
  if (code === TUNNEL_CLOSE_CODE.tunnelError && isTunnelErrorCode(reason)) return new TunnelError(reason);
  return new TunnelError('TUNNEL_ERR_CLOSED', `the WebSocket to the bridge closed (${code}${reason ? ` ${reason}` : ''})`);
}

/**
 * A ByteChannel over the bridge that survives a dropped WebSocket. It asks for a resumable
 * session, counts POP3 bytes both ways, acks what it received, keeps what it wrote until the
 * bridge acks it, and after a drop reconnects (exponential backoff, jitter) and resumes at
 * the exact byte: the bridge replays only what this side lacks, this side re-sends only what
 * the bridge lacks. Reconnecting starts at once, not at the next read, because the bridge's
 * grace period runs from the drop. When resuming cannot work (session expired, token refused,
 * gave up), read() rejects with a TunnelError and the caller does a fresh sync, which
 * converges (DESIGN.md invariant 3).
 */
class ResumableTunnelClient {
  readonly #options: ResumableTunnelOptions;
  readonly #reconnects: ReconnectSchedule;
  readonly #inbox = new ByteInbox();
  readonly #sent = new RetainedBytes();
  readonly #stats: ResumableTunnelStats = { wireReceived: 0, payloadReceived: 0, reconnects: 0, replayedBytes: 0 };
  #state: TunnelState<'client'> = 'connecting';
  #ws: WebSocketLike | null = null;
  #grant: ResumeGrant | null = null;
  #ackedReceived = 0;
  #ackedAt = Date.now();
  #lastHeard = Date.now();
  /** When the last POP3 byte came (or the tunnel opened). */
  #lastPayloadAt = Date.now();
  #ticker: unknown = null;
  #upstreamClosed = false;

  constructor(options: ResumableTunnelOptions) {
    const max = options.maxFrameBytes;
    if (max !== undefined && (!Number.isSafeInteger(max) || max < 1)) throw new RangeError('maxFrameBytes must be a positive integer');
    this.#options = options;
    this.#reconnects = new ReconnectSchedule({ ...DEFAULT_BACKOFF, ...options.backoff }, options.maxReconnectMs ?? 120_000, () => (options.random ?? Math.random)());
  }

  readonly channel: ByteChannel = {
    write: (bytes) => this.#write(bytes),
    read: () => this.#inbox.read(),
    close: () => this.#closeByUser(),
  };

  stats(): ResumableTunnelStats {
    return { ...this.#stats };
  }

  serverSilentForMs(): number {
    if (this.#state !== 'open' || this.#ws === null || this.#grant === null || !this.#inbox.waiting) return 0;
    if (Date.now() - this.#lastHeard > 3 * (this.#options.ackIntervalMs ?? 1_000)) return 0;
    return Date.now() - Math.max(this.#lastPayloadAt, this.#inbox.waitingSince);
  }

  open(): Promise<Extract<BridgeMessage, { type: 'ready' }>> {
    return new Promise((resolve, reject) => {
      this.#connect(this.#options.url, { type: 'open', v: TUNNEL_PROTOCOL_VERSION, target: this.#options.target, resumable: true, routable: true }, (message) => {
        if (message.type !== 'ready') return false;
        this.#grant = message.resume ?? null;
        resolve(message);
        return true;
      }, reject);
    });
  }

  #move(event: TunnelEvent): void {
    this.#state = nextTunnelState('client', this.#state, event);
    this.#options.onStateChange?.(this.#state);
  }

  get #ended(): boolean {
    return isFinalTunnelState('client', this.#state);
  }

  /**
   * One WebSocket: send `first` on open, wait for the answer `accept` takes (ready or
   * resumed), then relay. `onRefused` handles a WebSocket that never got that far.
   */
  #connect(url: string, first: ClientMessage, accept: (message: BridgeMessage) => boolean, onRefused: (error: TunnelError) => void): void {
    const ws = this.#options.createWebSocket(url);
    ws.binaryType = 'arraybuffer';
    this.#ws = ws;
    let accepted = false;
    let refusal: TunnelError | null = null;
    const handshakeTimer = timers.setTimeout(() => {
      if (accepted || this.#ws !== ws) return;
      this.#abandon(ws);
      onRefused(new TunnelError('TUNNEL_ERR_TIMEOUT', `no answer from the bridge within ${this.#options.handshakeTimeoutMs ?? 15_000} ms`));
    }, this.#options.handshakeTimeoutMs ?? 15_000);

    ws.onopen = () => ws.send(encodeMessage(first));
    ws.onerror = () => {
      // A close event always follows; that is where the outcome is decided.
    };
    ws.onmessage = (event) => {
      if (this.#ws !== ws) return;
      this.#lastHeard = Date.now();
      this.#stats.wireReceived += messageSize(event.data);
      const bytes = toBytes(event.data);
      if (bytes !== null) {
        if (!accepted) return this.#fatal(new TunnelError('TUNNEL_ERR_NOT_OPEN', 'the bridge sent POP3 bytes before ready'));
        return this.#deliver(bytes);
      }
      let message: BridgeMessage;
      try {
        message = parseBridgeMessage(String(event.data));
      } catch (error) {
        return this.#fatal(error as TunnelError);
      }
      if (message.type === 'error') {
        refusal = new TunnelError(isTunnelErrorCode(message.code) ? message.code : 'TUNNEL_ERR_INTERNAL', message.message);
        return;
      }
      if (!accepted) {
        timers.clearTimeout(handshakeTimer);
        if (!accept(message)) return this.#fatal(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', `unexpected ${message.type} during the handshake`));
        accepted = true;
        if (this.#ended) return;
        this.#reconnects.linkUp();
        this.#move(message.type === 'ready' ? 'ready' : 'resumed');
        this.#startTicker();
        return;
      }
      this.#onControl(message);
    };
    ws.onclose = (event) => {
      timers.clearTimeout(handshakeTimer);
      if (this.#ws !== ws) return;
      this.#ws = null;
      const error = refusal ?? errorFromClose(event.code, event.reason);
      if (!accepted) return onRefused(error);
      this.#onDrop(error);
    };
  }

  #onControl(message: BridgeMessage): void {
    switch (message.type) {
      case 'ack':
        try {
          this.#sent.acknowledge(message.received);
        } catch {
          return this.#fatal(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'the bridge acked bytes never sent'));
        }
        // Messages keep their order, so everything the bridge sent before this is in: ack it all.
        if (message.wanted && this.#stats.payloadReceived > this.#ackedReceived) this.#sendAck();
        return;
      case 'upstream-closed':
        this.#upstreamClosed = true;
        return;
      default:
        return this.#fatal(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', `unexpected ${message.type} after the handshake`));
    }
  }

  #deliver(bytes: Uint8Array): void {
    this.#stats.payloadReceived += bytes.byteLength;
    this.#lastPayloadAt = Date.now();
    this.#inbox.push(bytes);
    const unacked = this.#stats.payloadReceived - this.#ackedReceived;
    if (unacked >= (this.#options.ackEveryBytes ?? DEFAULT_ACK_EVERY_BYTES) || Date.now() - this.#ackedAt >= (this.#options.ackEveryMs ?? DEFAULT_ACK_EVERY_MS)) this.#sendAck();
  }

  #sendAck(): void {
    const ws = this.#ws;
    if (this.#state !== 'open' || ws === null || ws.readyState !== WS_OPEN || this.#grant === null) return;
    this.#ackedReceived = this.#stats.payloadReceived;
    this.#ackedAt = Date.now();
    ws.send(encodeMessage({ type: 'ack', v: TUNNEL_PROTOCOL_VERSION, received: this.#ackedReceived }));
  }

  #write(bytes: Uint8Array): void {
    if (this.#ended) return;
    const ws = this.#ws;
    const live = this.#state === 'open' && ws !== null && ws.readyState === WS_OPEN;
    const max = this.#options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    for (let at = 0; at < bytes.byteLength; at += max) {
      // Kept until the bridge acks it; a copy, because the caller may reuse its buffer. Kept
      // frame by frame, so a replay after a resume never sends a frame over the limit either.
      const frame = bytes.slice(at, at + max);
      if (this.#grant !== null) this.#sent.append(frame);
      if (live) ws.send(frame);
    }
  }

  #startTicker(): void {
    if (this.#ticker !== null) return;
    const interval = this.#options.ackIntervalMs ?? 1_000;
    this.#ticker = timers.setInterval(() => this.#tick(), interval);
  }

  /** Periodic: ack what came in, send a heartbeat while waiting, and call a silent link dead. */
  #tick(): void {
    // Without a resume grant the bridge takes no acks, so there is no heartbeat to judge by.
    if (this.#state !== 'open' || this.#ws === null || this.#grant === null) return;
    const waiting = this.#inbox.waiting || this.#sent.size > 0;
    const silentFor = Date.now() - this.#lastHeard;
    if (waiting && silentFor > (this.#options.stallTimeoutMs ?? 20_000)) {
      const ws = this.#ws;
      this.#abandon(ws);
      return this.#onDrop(new TunnelError('TUNNEL_ERR_TIMEOUT', `no word from the bridge for ${silentFor} ms`));
    }
    // The bridge speaks (the check above), the server does not: it is the server that stopped.
    const serverSilentFor = Date.now() - Math.max(this.#lastPayloadAt, this.#inbox.waitingSince);
    const serverSilenceMs = this.#options.serverSilenceMs ?? 60_000;
    if (this.#inbox.waiting && serverSilentFor > serverSilenceMs) {
      return this.#fatal(new TunnelError('TUNNEL_ERR_UPSTREAM_SILENT', `the mail server sent nothing for ${serverSilentFor} ms while an answer was due`));
    }
    // The bridge answers each ack with its own, so a heartbeat proves the link is alive.
    if (this.#stats.payloadReceived > this.#ackedReceived || (waiting && silentFor >= (this.#options.ackIntervalMs ?? 1_000))) this.#sendAck();
  }

  /** Lets go of a WebSocket we no longer trust; its late events are ignored. */
  #abandon(ws: WebSocketLike): void {
    if (this.#ws === ws) this.#ws = null;
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws.onerror = () => {};
    try {
      ws.close(TUNNEL_CLOSE_CODE.tunnelError, 'TUNNEL_ERR_TIMEOUT');
    } catch {
      // Closing a socket that never opened may throw in some implementations; it is gone either way.
    }
  }

  #onDrop(error: TunnelError): void {
    if (this.#ended) return;
    if (this.#upstreamClosed) return this.#finish();
    if (this.#grant === null || !resumeCanHelp(error.code)) return this.#fatal(error);
    this.#move('drop');
    this.#reconnects.linkDown();
    this.#scheduleResume();
  }

  #scheduleResume(): void {
    const gaveUp = this.#reconnects.schedule(() => {
      if (this.#state === 'reconnecting') this.#resume();
    });
    if (gaveUp !== null) this.#fatal(gaveUp);
  }

  #resume(): void {
    const grant = this.#grant!;
    const resume: ClientMessage = {
      type: 'resume',
      v: TUNNEL_PROTOCOL_VERSION,
      sessionId: grant.sessionId,
      token: grant.token,
      received: this.#stats.payloadReceived,
      sent: this.#sent.end,
    };
    // Behind a load balancer, the URL names the bridge that holds the session (resume-route.ts).
    this.#connect(
      resumeUrl(this.#options.url, grant.token),
      resume,
      (message) => {
        if (message.type !== 'resumed') return false;
        // The bridge cannot have received more than we sent, nor less than it acked.
        if (!this.#sent.holds(message.received)) {
          this.#fatal(new TunnelError('TUNNEL_ERR_RESUME_GAP', `the bridge resumed at ${message.received}, outside ${this.#sent.start}–${this.#sent.end}`));
          return true;
        }
        this.#grant = { sessionId: grant.sessionId, token: message.token };
        this.#sent.acknowledge(message.received);
        this.#stats.reconnects++;
        // The time the link was down is not the server's silence.
        this.#lastPayloadAt = Date.now();
        this.#ackedReceived = this.#stats.payloadReceived;
        const ws = this.#ws!;
        for (const chunk of this.#sent.from(message.received)) {
          this.#stats.replayedBytes += chunk.byteLength;
          ws.send(chunk);
        }
        return true;
      },
      (error) => {
        if (!resumeCanHelp(error.code)) return this.#fatal(error);
        if (this.#state === 'reconnecting') this.#scheduleResume();
      },
    );
  }

  #stopTimers(): void {
    if (this.#ticker !== null) timers.clearInterval(this.#ticker);
    this.#ticker = null;
    this.#reconnects.stop();
  }

  #fatal(error: TunnelError): void {
    if (this.#ended) return;
    this.#stopTimers();
    if (this.#ws) this.#abandon(this.#ws);
    this.#move('fail');
    this.#inbox.fail(error);
  }

  /** The server closed after `upstream-closed`: every byte is in, reads end cleanly. */
  #finish(): void {
    this.#stopTimers();
    this.#move('upstream-closed');
    this.#inbox.end();
  }

  #closeByUser(): void {
    if (this.#ended) return;
    this.#stopTimers();
    const ws = this.#ws;
    this.#ws = null;
    // 1000 tells the bridge "done", so it ends the session instead of parking it.
    if (ws) {
      ws.onmessage = ws.onclose = null;
      ws.onerror = () => {};
      ws.close(TUNNEL_CLOSE_CODE.normal);
    }
    this.#move('close');
    this.#inbox.end();
  }
}

/**
 * Opens a resumable tunnel to `target`. Resolves once the bridge is `ready`; rejects with a
 * TunnelError if the first WebSocket is refused (the first open is not retried: a refusal
 * then is usually config, not the link). Against a bridge with resumption off, `ready` has
 * no `resume` and the channel behaves like a plain one: a drop ends it.
 */
export async function openResumableTunnel(options: ResumableTunnelOptions): Promise<ResumableTunnel> {
  const client = new ResumableTunnelClient(options);
  const ready = await client.open();
  return { ready, channel: client.channel, stats: () => client.stats(), serverSilentForMs: () => client.serverSilentForMs() };
}
