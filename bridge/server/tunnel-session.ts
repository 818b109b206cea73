import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import {
  RetainedBytes,
  TUNNEL_CLOSE_CODE,
  TUNNEL_PROTOCOL_VERSION,
  TunnelError,
  encodeMessage,
  parseClientMessage,
  type BridgeMessage,
  type ClientMessage,
  isFinalTunnelState,
  nextTunnelState,
  type TunnelErrorCode,
  type TunnelEvent,
  type TunnelState,
} from '../../shared/tunnel/index.ts';
import type { CompressionConfig, LimitsConfig } from '../config/index.ts';
import type { BridgeLogger } from '../logging/index.ts';
import type { TargetAllowlist } from '../targets/index.ts';
import { connectUpstream } from '../upstream/index.ts';
import { CompressionPolicy } from './compression-policy.ts';
import type { ConnectionSlot } from './connection-limiter.ts';
import { containErrors } from './contain-errors.ts';
import { ControlRate } from './control-rate.ts';
import { DownstreamCoalescer } from './downstream-coalescer.ts';
import { IdleDeflateRelease } from './idle-deflate-release.ts';
import type { ResumeRegistry } from './resume-registry.ts';
import type { RetainedBudget } from './retained-budget.ts';
import { issueResumeToken, resumeTokenMatches } from './resume-token.ts';
import { SendBacklogGauge } from './send-backlog-gauge.ts';
import { SendStallWatch } from './send-stall-watch.ts';

export interface TunnelSessionOptions {
  id: string;
  ip: string;
  allowlist: TargetAllowlist;
  limits: LimitsConfig;
  /** Which messages to the browser are deflated, when the browser negotiated permessage-deflate. */
  compression: CompressionConfig;
  /** Trusted CAs for upstream TLS; undefined = Node's default roots. */
  ca: string[] | undefined;
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

/** What a resumable session keeps on top of a plain one. */
interface ResumeState {
  tokenDigest: Buffer;
  /** The mail server's bytes the browser has not acked yet. */
  downstream: RetainedBytes;
  graceTimer: NodeJS.Timeout | null;
  /** The server closed while parked: replay what is left, then say upstream-closed. */
  upstreamEnded: boolean;
  resumes: number;
}

/** See DownstreamCoalescer: 64 KiB messages cost Chromium no more per byte than larger ones. */
const MAX_COALESCED_BYTES = 64 * 1024;

/** Close codes with which a browser says "done", not "link lost": no parking after them. */
const DELIBERATE_CLOSES: ReadonlySet<number> = new Set([TUNNEL_CLOSE_CODE.normal, TUNNEL_CLOSE_CODE.goingAway]);

/**
 * One WebSocket to the browser and the socket under it: the net.Socket or tls.TLSSocket the
 * HTTP upgrade handed to ws. Its writableLength is the part of ws.bufferedAmount that is
 * already framed and waits for the kernel (ws offers no public way to reach it).
 */
export interface BrowserLink {
  ws: WebSocket;
  socket: Duplex;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * One POP3 upstream socket and the browser WebSocket(s) that carry it: the state machine of
 * shared/tunnel/protocol.ts on the bridge side. A plain session lives and dies with its one
 * WebSocket. A resumable one outlives a dropped WebSocket for limits.resumeGraceMs, keeping
 * unacknowledged server bytes (bounded by limits.resumeBufferBytes), until a `resume` with
 * its token attaches a new WebSocket. It moves bytes and counts them; it never looks inside
 * them, so it cannot log a password even by mistake.
 */
export class TunnelSession {
  readonly #options: TunnelSessionOptions;
  readonly #abort = new AbortController();
  readonly #started = Date.now();
  readonly #timers: NodeJS.Timeout[] = [];
  #ws: WebSocket | null = null;
  /** The socket under #ws; set and cleared with it. */
  #socket: Duplex | null = null;
  /** Deflate or not, per message to #ws, judged on the backlogs the gauge reads; null when #ws did not negotiate permessage-deflate. */
  #compression: { policy: CompressionPolicy; backlog: SendBacklogGauge; idle: IdleDeflateRelease | null } | null = null;
  /** An ack with `wanted` went out since the retained buffer last had room. */
  #ackRequested = false;
  /** Our answer to an ack is queued and not yet written: later acks get none until it is, so acks cannot pile answers up. */
  #ackAnswerQueued = false;
  #detachWs: (() => void) | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  #state: TunnelState<'bridge'> = 'awaiting-open';
  #upstream: Socket | null = null;
  #upstreamPaused = false;
  #readingPaused = false;
  #target: string | null = null;
  #resume: ResumeState | null = null;
  #bytesUp = 0;
  #bytesDown = 0;
  /** Mail-server bytes sent to the browser in deflated messages and in plain ones, before compression (replays included). */
  #bytesDownDeflated = 0;
  #bytesDownPlain = 0;
  /**
   * Read from the server this turn, not yet handed to the WebSocket. Dropped with the
   * WebSocket: those bytes are not in #downSentTo, and a resume replays them from the
   * retained bytes, so sending them later as well would repeat them.
   */
  readonly #downQueue = new DownstreamCoalescer((chunk) => this.#sendDown(chunk), { maxBytes: MAX_COALESCED_BYTES });
  /** Downstream offset handed to the current WebSocket: what was in flight at a drop is this minus what the browser says it got. */
  #downSentTo = 0;
  /** Times a WebSocket of this session freed its idle deflate context (IdleDeflateRelease), for the log. */
  #deflateReleases = 0;
  #endCode: TunnelErrorCode | null = null;
  #endMessage: string | null = null;
  #finished = false;

  constructor(link: BrowserLink, options: TunnelSessionOptions) {
    this.#options = options;
    const { limits } = options;
    this.#timers.push(
      setTimeout(this.#contained(() => {
        if (this.#state === 'awaiting-open') this.fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `no open message within ${limits.handshakeTimeoutMs} ms`));
      }), limits.handshakeTimeoutMs),
      setTimeout(() => this.fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `tunnel lifetime of ${limits.lifetimeTimeoutMs} ms reached`)), limits.lifetimeTimeoutMs),
    );
    this.#attach(link);
  }

  /** POP3 bytes read from the server, and (resumable tunnels) those the browser has acked; 0 without acks. */
  get progress(): { bytesDown: number; ackedDown: number } {
    return { bytesDown: this.#bytesDown, ackedDown: this.#resume?.downstream.start ?? 0 };
  }

  get id(): string {
    return this.#options.id;
  }

  get state(): TunnelState<'bridge'> {
    return this.#state;
  }

  tokenMatches(token: string): boolean {
    return this.#resume !== null && resumeTokenMatches(token, this.#resume.tokenDigest);
  }

  /** Ends the tunnel with an error frame and close code 4000 (reason = the code). */
  fail(error: TunnelError): void {
    if (isFinalTunnelState('bridge', this.#state)) return;
    const ws = this.#ws;
    this.#close('fail');
    this.#endCode = error.code;
    this.#endMessage = error.message;
    if (ws === null) return this.#finish(null);
    sendError(ws, error);
  }

  /** Bridge shutdown: tell the browser why, then close. */
  shutdown(): void {
    this.fail(new TunnelError('TUNNEL_ERR_SHUTTING_DOWN', 'the bridge is shutting down'));
  }

  /** Last resort after shutdown's grace period. */
  terminate(): void {
    this.#close('fail');
    if (this.#ws) this.#ws.terminate();
    else this.#finish(null);
  }

  /**
   * A `resume` that passed the registry's token check arrived on `link`: take it over (kicking
   * any WebSocket still attached), check the offsets, rotate the token and replay.
   */
  resumeOn(link: BrowserLink, resume: Extract<ClientMessage, { type: 'resume' }>, ip: string): void {
    const state = this.#resume!;
    const old = this.#ws;
    if (old) {
      // One WebSocket per session: the newer resume wins, the older one is most likely a
      // half-dead socket the browser already gave up on.
      this.#detachWs?.();
      sendError(old, new TunnelError('TUNNEL_ERR_RESUMED_ELSEWHERE', 'a newer connection resumed this session'));
    }
    this.#attach(link);
    // The browser cannot have sent fewer bytes than we received, nor want bytes we dropped
    // (it acked them) or never had.
    if (!state.downstream.holds(resume.received) || resume.sent < this.#bytesUp) {
      return this.fail(
        new TunnelError('TUNNEL_ERR_RESUME_GAP', `resume at ${resume.received}/${resume.sent}, but the bridge holds ${state.downstream.start}–${state.downstream.end} and received ${this.#bytesUp}`),
      );
    }
    if (state.graceTimer) clearTimeout(state.graceTimer);
    state.graceTimer = null;
    this.#acknowledgeDown(resume.received);
    const grant = issueResumeToken();
    state.tokenDigest = grant.digest;
    state.resumes++;
    this.#state = nextTunnelState('bridge', this.#state, 'resumed');
    this.#send({ type: 'resumed', v: TUNNEL_PROTOCOL_VERSION, received: this.#bytesUp, token: grant.token });
    // `lost`: sent before the drop but never received, so sent again; the rest of the
    // replay was read from the server while parked and is new to the browser.
    const lost = Math.max(0, this.#downSentTo - resume.received);
    this.#downSentTo = resume.received;
    let replayed = 0;
    // Through the coalescer, like live bytes: the retained chunks are the server's ~4 kB reads.
    for (const chunk of state.downstream.from(resume.received)) {
      replayed += chunk.byteLength;
      this.#downQueue.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    this.#options.logger.log('tunnel-resumed', { id: this.id, ip, resumes: state.resumes, replayed, lost, retained: state.downstream.size });
    if (state.upstreamEnded) return this.#endUpstreamClosed();
    // A request for an ack on the old WebSocket may have been lost with it.
    this.#ackRequested = false;
    this.#updateUpstreamFlow();
  }

  #attach({ ws, socket }: BrowserLink): void {
    let answered = true;
    // Any message from the browser (its acks arrive every second while data flows) proves the
    // link alive as well as a pong does. On a slow link a ping waits behind everything already
    // queued downstream (our buffer, the socket's, the link's), so pongs alone would kill a
    // healthy session whose queue takes longer than one ping interval to drain.
    const rate = new ControlRate(this.#options.limits.maxControlMessagesPerSecond);
    const counted = (): boolean => {
      if (rate.count()) return true;
      this.fail(new TunnelError('TUNNEL_ERR_FLOOD', `more than ${this.#options.limits.maxControlMessagesPerSecond} control messages in a second`));
      return false;
    };
    const onMessage = (data: RawData, isBinary: boolean): void => {
      answered = true;
      if (!isBinary && !counted()) return;
      this.#onMessage(data, isBinary);
    };
    const onError = (error: Error & { code?: string }): void => this.#onWsError(error);
    const onClose = (code: number): void => this.#onWsClose(code);
    const onPong = (): void => {
      answered = true;
      counted();
    };
    // autoPong is off (start-bridge): one pong at a time, so a client that pings and never
    // reads cannot queue answers without end.
    let pongQueued = false;
    const onPing = (data: Buffer): void => {
      if (!counted() || pongQueued || ws.readyState !== ws.OPEN) return;
      pongQueued = true;
      ws.pong(data, false, () => {
        pongQueued = false;
      });
    };
    const listeners = {
      message: this.#contained(onMessage),
      error: this.#contained(onError),
      close: this.#contained(onClose),
      pong: this.#contained(onPong),
      ping: this.#contained(onPing),
    };
    for (const [event, listener] of Object.entries(listeners)) ws.on(event, listener);
    const stallWatch = new SendStallWatch(ws, socket, {
      timeoutMs: this.#options.limits.sendStallTimeoutMs,
      onStall: () => this.fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `the browser took no bytes for ${this.#options.limits.sendStallTimeoutMs} ms`)),
    });
    // Browsers answer pings by themselves (RFC 6455 §5.5.2). Only a resumable session has
    // something to gain: a dead socket found early parks the session and starts the grace clock.
    const pinger = setInterval(() => {
      if (this.#resume === null || this.#state !== 'relaying') return;
      if (!answered) return ws.terminate();
      answered = false;
      ws.ping();
    }, this.#options.limits.resumePingMs);
    this.#ws = ws;
    this.#socket = socket;
    // A new WebSocket has a new deflate stream and maybe a different link: judge it afresh.
    // The gauge reads bytesWritten too: the upgrade's Duplex is a net.Socket (see BrowserLink).
    const { compression } = this.#options;
    this.#compression = ws.extensions.includes('permessage-deflate')
      ? {
          policy: new CompressionPolicy(compression),
          backlog: new SendBacklogGauge(ws, socket as Socket),
          idle: compression.releaseIdleMs > 0 ? new IdleDeflateRelease(ws, compression.releaseIdleMs) : null,
        }
      : null;
    this.#detachWs = () => {
      clearInterval(pinger);
      stallWatch.stop();
      for (const [event, listener] of Object.entries(listeners)) ws.off(event, listener);
      // An 'error' with no listener would throw; a socket we let go of may still emit one.
      ws.on('error', () => {});
      this.#ws = null;
      this.#socket = null;
      if (this.#compression?.idle) {
        this.#compression.idle.stop();
        this.#deflateReleases += this.#compression.idle.released;
      }
      this.#compression = null;
      this.#detachWs = null;
      this.#downQueue.drop();
    };
  }

  /** The browser has everything before `offset`: forget it, and give its room back to the budget. */
  #acknowledgeDown(offset: number): void {
    const downstream = this.#resume!.downstream;
    const before = downstream.size;
    downstream.acknowledge(offset);
    this.#options.retainedBudget.release(before - downstream.size);
  }

  #close(event: TunnelEvent): void {
    if (this.#state !== 'closed') {
      if (this.#resume) this.#options.retainedBudget.release(this.#resume.downstream.size);
      this.#state = nextTunnelState('bridge', this.#state, event);
    }
    for (const timer of this.#timers) clearTimeout(timer);
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    if (this.#resume?.graceTimer) clearTimeout(this.#resume.graceTimer);
    this.#options.resumes?.delete(this);
    this.#abort.abort();
    this.#upstream?.destroy();
  }

  /** Logs the end and frees the connection slot, exactly once. */
  #finish(closeCode: number | null): void {
    if (this.#finished) return;
    this.#finished = true;
    const { id, ip, logger, onEnd } = this.#options;
    logger.log('tunnel-closed', {
      id,
      ip,
      target: this.#target,
      bytesUp: this.#bytesUp,
      bytesDown: this.#bytesDown,
      bytesDownDeflated: this.#bytesDownDeflated,
      bytesDownPlain: this.#bytesDownPlain,
      durationMs: Date.now() - this.#started,
      resumes: this.#resume?.resumes ?? 0,
      deflateReleases: this.#deflateReleases,
      code: this.#endCode,
      message: this.#endMessage,
      closeCode,
    });
    onEnd();
  }

  #send(message: BridgeMessage, written?: () => void): void {
    // After the bytes read before it: `upstream-closed` must not overtake the last of the mail.
    this.#downQueue.flush();
    if (!this.#ws || this.#ws.readyState !== this.#ws.OPEN) return;
    const text = encodeMessage(message);
    const compress = this.#compressNext(Buffer.byteLength(text));
    const deflated = compress ? this.#compression?.idle?.sending() : undefined;
    this.#ws.send(text, { compress }, () => {
      deflated?.();
      written?.();
    });
  }

  #sendDown(chunk: Buffer | Uint8Array): void {
    const ws = this.#ws;
    if (!ws || ws.readyState !== ws.OPEN) return;
    this.#downSentTo += chunk.byteLength;
    const compress = this.#compressNext(chunk.byteLength);
    if (compress) this.#bytesDownDeflated += chunk.byteLength;
    else this.#bytesDownPlain += chunk.byteLength;
    // Resume reading the server once what we queued has flushed below the high-water mark.
    const deflated = compress ? this.#compression?.idle?.sending() : undefined;
    ws.send(chunk, { binary: true, compress }, () => {
      deflated?.();
      this.#updateUpstreamFlow();
    });
  }

  /** Asks the policy, with the backlogs as they are before this message joins them. */
  #compressNext(messageBytes: number): boolean {
    const compression = this.#compression;
    if (compression === null) return false;
    const backlog = compression.backlog.read();
    // A resumable tunnel's acks say how fast the browser itself takes the mail.
    if (this.#resume !== null) backlog.acknowledged = this.#resume.downstream.start;
    return compression.policy.compressNext(messageBytes, backlog, performance.now());
  }

  /**
   * Backpressure server → browser: pause the mail server while the WebSocket holds more than
   * highWaterMark, or while the unacked bytes fill resumeBufferBytes. TCP flow control then
   * holds the server; nothing is dropped and the bridge never buffers a mailbox.
   */
  #updateUpstreamFlow(): void {
    const upstream = this.#upstream;
    if (!upstream || this.#state === 'closed') return;
    const { limits } = this.#options;
    const wsFull = this.#ws !== null && this.#ws.bufferedAmount > limits.highWaterMark;
    const retainedFull = this.#resume !== null && this.#options.retainedBudget.mustPause(this.#resume.downstream.size, limits.resumeBufferBytes);
    // The browser acks every megabyte or so, and every second: a buffer that fills sooner (a
    // small resumeBufferBytes, or the floor while every session together is at the limit)
    // asks for an ack now instead of waiting for the timer.
    if (retainedFull && !this.#ackRequested && this.#state === 'relaying') {
      this.#ackRequested = true;
      this.#send({ type: 'ack', v: TUNNEL_PROTOCOL_VERSION, received: this.#bytesUp, wanted: true });
    }
    if (!retainedFull) this.#ackRequested = false;
    const pause = wsFull || retainedFull;
    if (pause && !this.#upstreamPaused) {
      this.#upstreamPaused = true;
      upstream.pause();
    } else if (!pause && this.#upstreamPaused) {
      this.#upstreamPaused = false;
      upstream.resume();
    }
  }

  #touch(): void {
    this.#idleTimer?.refresh();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    switch (this.#state) {
      case 'awaiting-open': {
        if (isBinary) return this.fail(new TunnelError('TUNNEL_ERR_NOT_OPEN', 'POP3 bytes before the tunnel is ready'));
        let message: ClientMessage;
        try {
          message = parseClientMessage(toBuffer(data).toString('utf8'));
        } catch (error) {
          return this.fail(error instanceof TunnelError ? error : new TunnelError('TUNNEL_ERR_BAD_MESSAGE'));
        }
        if (message.type === 'resume') return this.#handOver(message);
        if (message.type !== 'open') return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', `${message.type} before open`));
        if (!this.#options.slot.tryTake()) {
          this.#options.logger.log('tunnel-refused', { id: this.id, ip: this.#options.ip, code: 'TUNNEL_ERR_TOO_MANY_CONNECTIONS' });
          return this.fail(new TunnelError('TUNNEL_ERR_TOO_MANY_CONNECTIONS', 'the bridge is at its connection limit'));
        }
        this.#state = nextTunnelState('bridge', this.#state, 'open');
        this.#target = message.target;
        void this.#open(message.target, message.resumable === true && this.#options.resumes !== null);
        return;
      }
      case 'connecting':
        if (isBinary) return this.fail(new TunnelError('TUNNEL_ERR_NOT_OPEN', 'POP3 bytes before the tunnel is ready'));
        return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'only one open message per tunnel'));
      case 'relaying':
        if (!isBinary) return this.#onControl(data);
        return this.#relayToUpstream(toBuffer(data));
      case 'parked':
      case 'handed-over':
      case 'closed':
        return;
    }
  }

  #onControl(data: RawData): void {
    if (this.#resume === null) return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'no control messages after ready'));
    let message: ClientMessage;
    try {
      message = parseClientMessage(toBuffer(data).toString('utf8'));
    } catch (error) {
      return this.fail(error instanceof TunnelError ? error : new TunnelError('TUNNEL_ERR_BAD_MESSAGE'));
    }
    if (message.type !== 'ack') return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', `${message.type} after ready`));
    try {
      this.#acknowledgeDown(message.received);
    } catch {
      return this.fail(new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'ack of bytes never sent'));
    }
    // Our own ack answers an ack: the browser drops its retained commands, and hears that the
    // link is alive. One answer in the queue at a time; it carries the count as of when it is
    // queued, and the browser's next ack gets a fresh one. Acks are not POP3 traffic, so they
    // do not reset the idle timer.
    if (!this.#ackAnswerQueued) {
      this.#ackAnswerQueued = true;
      this.#send({ type: 'ack', v: TUNNEL_PROTOCOL_VERSION, received: this.#bytesUp }, () => {
        this.#ackAnswerQueued = false;
      });
    }
    this.#updateUpstreamFlow();
  }

  #relayToUpstream(chunk: Buffer): void {
    const upstream = this.#upstream;
    const ws = this.#ws;
    if (!upstream || !ws) return;
    this.#bytesUp += chunk.length;
    this.#touch();
    // Backpressure browser → server: stop reading the WebSocket until the server drains. One
    // drain listener per wait (frames already parsed still arrive while paused), and it resumes
    // whichever WebSocket the session has by then, which after a resume is a new one.
    if (!upstream.write(chunk) && !this.#readingPaused) {
      this.#readingPaused = true;
      ws.pause();
      upstream.once('drain', () => {
        this.#readingPaused = false;
        this.#ws?.resume();
      });
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
    const link: BrowserLink = { ws: this.#ws!, socket: this.#socket! };
    this.#detachWs?.();
    this.#state = nextTunnelState('bridge', this.#state, 'resume');
    for (const timer of this.#timers) clearTimeout(timer);
    logger.log('tunnel-handed-over', { id, ip, session: session.id });
    // This handshake's connection slot (if it took one) is freed; the resumed session keeps its own.
    onEnd();
    session.resumeOn(link, message, ip);
  }

  async #open(name: string, resumable: boolean): Promise<void> {
    const { allowlist, limits, ca, logger, id, resumes } = this.#options;
    try {
      const resolved = await allowlist.resolve(name);
      if (this.#state !== 'connecting') return;
      const upstream = await connectUpstream(resolved, { ca, connectTimeoutMs: limits.upstreamConnectTimeoutMs, signal: this.#abort.signal });
      if (this.#state !== 'connecting') {
        upstream.socket.destroy();
        return;
      }
      this.#upstream = upstream.socket;
      this.#state = nextTunnelState('bridge', this.#state, 'ready');
      let grant: { sessionId: string; token: string } | undefined;
      if (resumable && resumes) {
        const issued = issueResumeToken();
        this.#resume = { tokenDigest: issued.digest, downstream: new RetainedBytes(), graceTimer: null, upstreamEnded: false, resumes: 0 };
        resumes.add(this);
        grant = { sessionId: id, token: issued.token };
      }
      logger.log('tunnel-ready', { id, target: name, tls: upstream.tls, address: resolved.address, discardedBytes: upstream.discardedBytes, resumable: grant !== undefined });
      // `ready` goes out before the first relayed byte: the data listener is attached after it.
      this.#send({ type: 'ready', v: TUNNEL_PROTOCOL_VERSION, target: name, tls: upstream.tls, greeting: upstream.greeting, ...(grant ? { resume: grant } : {}) });
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
    socket.on('data', this.#contained((chunk: Buffer) => {
      if (this.#state !== 'relaying' && this.#state !== 'parked') return;
      this.#bytesDown += chunk.length;
      this.#touch();
      // Node hands each 'data' chunk over for good, so keeping it (not a copy) is safe.
      if (this.#resume) {
        this.#resume.downstream.append(chunk);
        this.#options.retainedBudget.add(chunk.length);
      }
      if (this.#state === 'relaying') this.#downQueue.push(chunk);
      this.#updateUpstreamFlow();
    }));
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
      if (this.#ws !== null) this.fail(new TunnelError('TUNNEL_ERR_INTERNAL', 'internal error in the bridge'));
      else this.terminate();
    }, handler);
  }

  /** The server closed cleanly and the browser has every byte in flight: say so and close 1000. */
  #endUpstreamClosed(): void {
    const ws = this.#ws;
    this.#close('upstream-closed');
    this.#send({ type: 'upstream-closed', v: TUNNEL_PROTOCOL_VERSION });
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
    state.graceTimer = setTimeout(() => {
      // RFC 1939 §6: closing without QUIT never enters the UPDATE state, so nothing is deleted.
      this.fail(new TunnelError('TUNNEL_ERR_RESUME_EXPIRED', `not resumed within ${limits.resumeGraceMs} ms`));
    }, limits.resumeGraceMs);
    logger.log('tunnel-parked', { id, ip, closeCode, bytesUp: this.#bytesUp, bytesDown: this.#bytesDown, retained: state.downstream.size });
    this.#updateUpstreamFlow();
  }
}

function sendError(ws: WebSocket, error: TunnelError): void {
  if (ws.readyState === ws.OPEN) ws.send(encodeMessage({ type: 'error', v: TUNNEL_PROTOCOL_VERSION, code: error.code, message: error.message }));
  ws.close(TUNNEL_CLOSE_CODE.tunnelError, error.code);
}
