import type { Socket } from 'node:net';
import type { RawData } from 'ws';
import {
  TUNNEL_CLOSE_CODE,
  TUNNEL_PROTOCOL_VERSION,
  TunnelError,
  isFinalTunnelState,
  nextTunnelState,
  parseClientMessage,
  type ClientMessage,
  type TunnelErrorCode,
  type TunnelEvent,
  type TunnelState,
} from '../../shared/tunnel/index.ts';
import type { CompressionConfig, LimitsConfig } from '../config/index.ts';
import type { BridgeLogger } from '../logging/index.ts';
import type { TargetAllowlist } from '../targets/index.ts';
import { EndToEndGate, connectUpstream } from '../upstream/index.ts';
import { watchBrowserLink } from './browser-link-watch.ts';
import type { ConnectionSlot } from './connection-limiter.ts';
import { containErrors } from './contain-errors.ts';
import type { ResumeRegistry } from './resume-registry.ts';
import type { RetainedBudget } from './retained-budget.ts';
import { TunnelRelay, closeWithError, type BrowserLink } from './tunnel-relay.ts';
import { TunnelResume } from './tunnel-resume.ts';

export type { BrowserLink } from './tunnel-relay.ts';

export interface TunnelSessionOptions {
  id: string;
  ip: string;
  /**
   * The running config's targets and upstream CAs, read when the browser asks for a target: a
   * SIGHUP that drops a target applies to a WebSocket that upgraded before it (invariant 4).
   */
  upstream: () => { allowlist: TargetAllowlist; ca: string[] | undefined };
  limits: LimitsConfig;
  /** Which messages to the browser are deflated, when the browser negotiated permessage-deflate. */
  compression: CompressionConfig;
  logger: BridgeLogger;
  /** Live resumable sessions, where `resume` looks; null when limits.resumeGraceMs is 0. */
  resumes: ResumeRegistry<TunnelSession> | null;
  /** Shared by every session of this bridge: all retained bytes against resumeBufferTotalBytes. */
  retainedBudget: RetainedBudget;
  /** This tunnel's claim on a connection slot: taken by `open` at the latest, never needed by `resume`. */
  slot: ConnectionSlot;
  /** Called once, when the session is over (no WebSocket, no upstream, not parked), or its WebSocket was handed to another session. */
  onEnd: () => void;
}

/** Close codes with which a browser says "done", not "link lost": no parking after them. */
const DELIBERATE_CLOSES: ReadonlySet<number> = new Set([TUNNEL_CLOSE_CODE.normal, TUNNEL_CLOSE_CODE.goingAway]);

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * One POP3 upstream socket and the browser WebSocket(s) that carry it: the bridge's end of
 * shared/tunnel/protocol.ts, moving through the bridge states of tunnel-states.ts. A plain
 * session lives and dies with its one WebSocket. A resumable one outlives a dropped WebSocket
 * for limits.resumeGraceMs, keeping unacknowledged server bytes (bounded by
 * limits.resumeBufferBytes, booked in TunnelResume), until a `resume` with its token attaches
 * a new WebSocket. TunnelRelay moves and counts the bytes; this decides when.
 */
export class TunnelSession {
  readonly #options: TunnelSessionOptions;
  readonly #abort = new AbortController();
  readonly #started = Date.now();
  readonly #timers: NodeJS.Timeout[] = [];
  #detachWs: (() => void) | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  #state: TunnelState<'bridge'> = 'awaiting-open';
  #target: string | null = null;
  #resume: TunnelResume | null = null;
  readonly #relay: TunnelRelay;
  /** An end-to-end tunnel's check that what goes upward has TLS's shape; null for the others. */
  #gate: EndToEndGate | null = null;
  #endCode: TunnelErrorCode | null = null;
  #endMessage: string | null = null;
  #finished = false;

  constructor(link: BrowserLink, options: TunnelSessionOptions) {
    this.#options = options;
    const { limits } = options;
    this.#relay = new TunnelRelay({ limits, compression: options.compression, state: () => this.#state, resume: () => this.#resume, onTraffic: () => this.#idleTimer?.refresh() });
    this.#timers.push(
      setTimeout(this.#contained(() => {
        if (this.#state === 'awaiting-open') this.fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `no open message within ${limits.handshakeTimeoutMs} ms`));
      }), limits.handshakeTimeoutMs),
      setTimeout(() => this.fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `tunnel lifetime of ${limits.lifetimeTimeoutMs} ms reached`)), limits.lifetimeTimeoutMs),
    );
    this.#attach(link);
  }

  /** POP3 bytes moved each way, those the browser has acked (0 without acks), and whether the session waits parked for a resume. */
  get progress(): { bytesUp: number; bytesDown: number; ackedDown: number; parked: boolean } {
    return { bytesUp: this.#relay.bytesUp, bytesDown: this.#relay.bytesDown, ackedDown: this.#resume?.acknowledged ?? 0, parked: this.#state === 'parked' };
  }

  get id(): string {
    return this.#options.id;
  }

  tokenMatches(token: string): boolean {
    return this.#resume !== null && this.#resume.tokenMatches(token);
  }

  /** Ends the tunnel with an error frame and close code 4000 (reason = the code). */
  fail(error: TunnelError): void {
    if (isFinalTunnelState('bridge', this.#state)) return;
    const ws = this.#relay.ws;
    this.#close('fail');
    this.#endCode = error.code;
    this.#endMessage = error.message;
    if (ws === null) return this.#finish(null);
    closeWithError(ws, error);
  }

  /** Bridge shutdown: tell the browser why, then close. */
  shutdown(): void {
    this.fail(new TunnelError('TUNNEL_ERR_SHUTTING_DOWN', 'the bridge is shutting down'));
  }

  /** Last resort after shutdown's grace period. */
  terminate(): void {
    this.#close('fail');
    const ws = this.#relay.ws;
    if (ws) ws.terminate();
    else this.#finish(null);
  }

  /**
   * A `resume` that passed the registry's token check arrived on `link`: take it over (kicking
   * any WebSocket still attached), check the offsets, rotate the token and replay.
   */
  resumeOn(link: BrowserLink, resume: Extract<ClientMessage, { type: 'resume' }>, ip: string): void {
    const state = this.#resume!;
    const old = this.#relay.ws;
    if (old) {
      // One WebSocket per session: the newer resume wins, the older one is most likely a
      // half-dead socket the browser already gave up on.
      this.#detachWs?.();
      closeWithError(old, new TunnelError('TUNNEL_ERR_RESUMED_ELSEWHERE', 'a newer connection resumed this session'));
    }
    this.#attach(link);
    const gap = state.gap(resume, this.#relay.bytesUp);
    if (gap !== null) return this.fail(gap);
    const token = state.resumedAt(resume.received);
    this.#state = nextTunnelState('bridge', this.#state, 'resumed');
    this.#relay.send({ type: 'resumed', v: TUNNEL_PROTOCOL_VERSION, received: this.#relay.bytesUp, token });
    const { replayed, lost } = this.#relay.replay(state, resume.received);
    this.#options.logger.log('tunnel-resumed', { id: this.id, ip, resumes: state.resumes, replayed, lost, retained: state.retained });
    if (state.upstreamEnded) return this.#endUpstreamClosed();
    // A request for an ack on the old WebSocket may have been lost with it.
    state.ackRequested = false;
    this.#relay.updateUpstreamFlow();
  }

  #attach(link: BrowserLink): void {
    const unwatch = watchBrowserLink(link, this.#options.limits, {
      message: (data, isBinary) => this.#onMessage(data, isBinary),
      error: (error) => this.#onWsError(error),
      close: (code) => this.#onWsClose(code),
      fail: (error) => this.fail(error),
      // Browsers answer pings by themselves (RFC 6455 §5.5.2). Only a resumable session has
      // something to gain: a dead socket found early parks the session and starts the grace clock.
      shouldPing: () => this.#resume !== null && this.#state === 'relaying',
      contain: (handler) => this.#contained(handler),
    });
    this.#relay.attach(link);
    this.#detachWs = () => {
      unwatch();
      this.#relay.detach();
      this.#detachWs = null;
    };
  }

  #close(event: TunnelEvent): void {
    if (this.#state !== 'closed') {
      this.#resume?.end();
      this.#state = nextTunnelState('bridge', this.#state, event);
    }
    for (const timer of this.#timers) clearTimeout(timer);
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#options.resumes?.delete(this);
    this.#abort.abort();
    this.#relay.destroyUpstream();
  }

  /** Logs the end and frees the connection slot, exactly once. */
  #finish(closeCode: number | null): void {
    if (this.#finished) return;
    this.#finished = true;
    const { id, ip, logger, onEnd } = this.#options;
    const counts = this.#relay.counts;
    logger.log('tunnel-closed', {
      id,
      ip,
      target: this.#target,
      bytesUp: this.#relay.bytesUp,
      bytesDown: this.#relay.bytesDown,
      bytesDownDeflated: counts.bytesDownDeflated,
      bytesDownPlain: counts.bytesDownPlain,
      durationMs: Date.now() - this.#started,
      resumes: this.#resume?.resumes ?? 0,
      deflateReleases: counts.deflateReleases,
      code: this.#endCode,
      message: this.#endMessage,
      closeCode,
    });
    onEnd();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    switch (this.#state) {
      case 'awaiting-open': {
        if (isBinary) return this.fail(new TunnelError('TUNNEL_ERR_NOT_OPEN', 'POP3 bytes before the tunnel is ready'));
        const message = this.#parse(data);
        if (message === null) return;
        if (message.type === 'resume') return this.#handOver(message);
        if (message.type !== 'open') return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', `${message.type} before open`));
        if (!this.#options.slot.tryTake()) {
          this.#options.logger.log('tunnel-refused', { id: this.id, ip: this.#options.ip, code: 'TUNNEL_ERR_TOO_MANY_CONNECTIONS' });
          return this.fail(new TunnelError('TUNNEL_ERR_TOO_MANY_CONNECTIONS', 'the bridge is at its connection limit'));
        }
        this.#state = nextTunnelState('bridge', this.#state, 'open');
        this.#target = message.target;
        void this.#open(message.target, message.resumable === true && this.#options.resumes !== null, message.routable === true);
        return;
      }
      case 'connecting':
        if (isBinary) return this.fail(new TunnelError('TUNNEL_ERR_NOT_OPEN', 'POP3 bytes before the tunnel is ready'));
        return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'only one open message per tunnel'));
      case 'relaying': {
        if (!isBinary) return this.#onControl(data);
        const chunk = toBuffer(data);
        const refused = this.#gate?.check(chunk) ?? null;
        return refused === null ? this.#relay.toUpstream(chunk) : this.fail(new TunnelError('TUNNEL_ERR_NOT_TLS', `the browser sent ${refused} on an end-to-end tunnel`));
      }
      case 'parked':
      case 'handed-over':
      case 'closed':
        return;
    }
  }

  #onControl(data: RawData): void {
    if (this.#resume === null) return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'no control messages after ready'));
    const message = this.#parse(data);
    if (message === null) return;
    if (message.type !== 'ack') return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', `${message.type} after ready`));
    try {
      this.#resume.acknowledge(message.received);
    } catch {
      return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'ack of bytes never sent'));
    }
    this.#relay.answerAck();
    this.#relay.updateUpstreamFlow();
  }

  /** A control message, or null when it is not one (the tunnel has failed then). */
  #parse(data: RawData): ClientMessage | null {
    try {
      return parseClientMessage(toBuffer(data).toString('utf8'));
    } catch (error) {
      this.fail(error instanceof TunnelError ? error : new TunnelError('TUNNEL_ERR_BAD_MESSAGE'));
      return null;
    }
  }

  /** This WebSocket carries a `resume`: give it to the session it names, if the token is right. */
  #handOver(message: Extract<ClientMessage, { type: 'resume' }>): void {
    const { resumes, ip, onEnd, logger, id } = this.#options;
    if (resumes === null) return this.fail(new TunnelError('TUNNEL_ERR_RESUME_EXPIRED', 'this bridge does not resume sessions'));
    let session: TunnelSession;
    try {
      session = resumes.claim(message.sessionId, message.token, ip);
    } catch (error) {
      return this.fail(error as TunnelError);
    }
    const link = this.#relay.link!;
    this.#detachWs?.();
    this.#state = nextTunnelState('bridge', this.#state, 'resume');
    for (const timer of this.#timers) clearTimeout(timer);
    logger.log('tunnel-handed-over', { id, ip, session: session.id });
    // This handshake's connection slot (if it took one) is freed; the resumed session keeps its own.
    onEnd();
    session.resumeOn(link, message, ip);
  }

  async #open(name: string, resumable: boolean, routable: boolean): Promise<void> {
    const { limits, logger, id, resumes } = this.#options;
    const { allowlist, ca } = this.#options.upstream();
    try {
      const resolved = await allowlist.resolve(name);
      if (this.#state !== 'connecting') return;
      const upstream = await connectUpstream(resolved, { ca, connectTimeoutMs: limits.upstreamConnectTimeoutMs, signal: this.#abort.signal });
      if (this.#state !== 'connecting') {
        upstream.socket.destroy();
        return;
      }
      // Deflating ciphertext costs CPU and saves nothing: end-to-end tunnels send it plain.
      this.#relay.connectUpstream(upstream.socket, { deflate: !upstream.endToEnd });
      if (upstream.endToEnd) this.#gate = new EndToEndGate(upstream.tls === 'starttls' ? 'starttls' : 'implicit');
      this.#state = nextTunnelState('bridge', this.#state, 'ready');
      let grant: { sessionId: string; token: string } | undefined;
      if (resumable && resumes) {
        const { resume, token } = TunnelResume.start(this.#options.retainedBudget, routable ? resumes.bridgeId : null);
        this.#resume = resume;
        resumes.add(this);
        grant = { sessionId: id, token };
      }
      logger.log('tunnel-ready', { id, target: name, tls: upstream.tls, endToEnd: upstream.endToEnd, address: resolved.address, discardedBytes: upstream.discardedBytes, resumable: grant !== undefined });
      // `ready` goes out before the first relayed byte: the data listener is attached after it.
      this.#relay.send({ type: 'ready', v: TUNNEL_PROTOCOL_VERSION, target: name, tls: upstream.tls, greeting: upstream.greeting, ...(upstream.endToEnd ? { endToEnd: true } : {}), ...(grant ? { resume: grant } : {}) });
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
    socket.on('data', this.#contained((chunk: Buffer) => this.#relay.fromUpstream(chunk)));
    socket.on('end', this.#contained(() => {
      if (this.#state === 'parked' && this.#resume) {
        this.#resume.upstreamEnded = true;
        return;
      }
      if (this.#state === 'relaying') this.#endUpstreamClosed();
    }));
    socket.on('error', (error: Error & { code?: string }) => {
      this.#endMessage = error.code ?? 'upstream error';
    });
    socket.on('close', this.#contained(() => {
      const cleanEndWhileParked = this.#state === 'parked' && this.#resume?.upstreamEnded === true;
      if ((this.#state === 'relaying' || this.#state === 'parked') && !cleanEndWhileParked) {
        this.fail(new TunnelError('TUNNEL_ERR_UPSTREAM_CLOSED', `the mail server connection broke (${this.#endMessage ?? 'closed'})`));
      }
    }));
  }

  /** `handler`, with a throw inside it logged and ending this tunnel only (see containErrors). */
  #contained<A extends unknown[]>(handler: (...args: A) => void): (...args: A) => void {
    return containErrors((error) => {
      this.#options.logger.log('internal-error', { id: this.id, message: (error as Error)?.message ?? String(error) });
      if (this.#relay.ws !== null) this.fail(new TunnelError('TUNNEL_ERR_INTERNAL', 'internal error in the bridge'));
      else this.terminate();
    }, handler);
  }

  /** The server closed cleanly and the browser has every byte in flight: say so and close 1000. */
  #endUpstreamClosed(): void {
    const ws = this.#relay.ws;
    this.#close('upstream-closed');
    this.#relay.send({ type: 'upstream-closed', v: TUNNEL_PROTOCOL_VERSION });
    ws?.close(TUNNEL_CLOSE_CODE.normal);
  }

  #onWsError(error: Error & { code?: string }): void {
    if (this.#state === 'closed') return;
    // ws closes by itself after this: 1009 for a too-large message, 1002 for a broken frame.
    // A browser that breaks the framing does not get its session parked.
    this.#endCode = error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'TUNNEL_ERR_FRAME_TOO_LARGE' : 'TUNNEL_ERR_BAD_MESSAGE';
    this.#endMessage = error.code ?? 'websocket error';
    this.#close('fail');
  }

  #onWsClose(closeCode: number): void {
    // The socket is gone: stop its pinger and listeners either way.
    this.#detachWs?.();
    if (this.#state === 'relaying' && this.#resume !== null && !DELIBERATE_CLOSES.has(closeCode)) return this.#park(closeCode);
    if (this.#state !== 'closed') {
      this.#endCode = 'TUNNEL_ERR_CLOSED';
      this.#close('close');
    }
    this.#finish(closeCode);
  }

  /** The link dropped: keep the server connection for the grace period, reading into the bounded buffer. */
  #park(closeCode: number): void {
    const state = this.#resume!;
    const { limits, logger, id, ip } = this.#options;
    this.#detachWs?.();
    this.#state = nextTunnelState('bridge', this.#state, 'drop');
    state.park(limits.resumeGraceMs, () => {
      // RFC 1939 §6: closing without QUIT never enters the UPDATE state, so nothing is deleted.
      this.fail(new TunnelError('TUNNEL_ERR_RESUME_EXPIRED', `not resumed within ${limits.resumeGraceMs} ms`));
    });
    logger.log('tunnel-parked', { id, ip, closeCode, bytesUp: this.#relay.bytesUp, bytesDown: this.#relay.bytesDown, retained: state.retained });
    this.#relay.updateUpstreamFlow();
  }
}
