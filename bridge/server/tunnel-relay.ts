import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { TUNNEL_CLOSE_CODE, TUNNEL_PROTOCOL_VERSION, encodeMessage, type BridgeMessage, type TunnelError, type TunnelState } from '../../shared/tunnel/index.ts';
import type { CompressionConfig, LimitsConfig } from '../config/index.ts';
import { CompressionPolicy } from './compression-policy.ts';
import { DownstreamCoalescer } from './downstream-coalescer.ts';
import { IdleDeflateRelease } from './idle-deflate-release.ts';
import { SendBacklogGauge } from './send-backlog-gauge.ts';
import type { TunnelResume } from './tunnel-resume.ts';

/**
 * One WebSocket to the browser and the socket under it: the net.Socket or tls.TLSSocket the
 * HTTP upgrade handed to ws. Its writableLength is the part of ws.bufferedAmount that is
 * already framed and waits for the kernel (ws offers no public way to reach it).
 */
export interface BrowserLink {
  ws: WebSocket;
  socket: Duplex;
}

/** Ends a WebSocket of the tunnel with an error frame and close code 4000 (reason = the code). */
export function closeWithError(ws: WebSocket, error: TunnelError): void {
  if (ws.readyState === ws.OPEN) ws.send(encodeMessage({ type: 'error', v: TUNNEL_PROTOCOL_VERSION, code: error.code, message: error.message }));
  ws.close(TUNNEL_CLOSE_CODE.tunnelError, error.code);
}

interface TunnelRelayOptions {
  limits: LimitsConfig;
  /** Which messages to the browser are deflated, when the browser negotiated permessage-deflate. */
  compression: CompressionConfig;
  /** The session's state: server bytes go to the browser only while relaying, and are read (into the retained bytes) while parked. */
  state: () => TunnelState<'bridge'>;
  /** A resumable session's books; null for a plain one. */
  resume: () => TunnelResume | null;
  /** POP3 bytes moved, either way: the idle clock starts over. */
  onTraffic: () => void;
}

/** See DownstreamCoalescer: 64 KiB messages cost Chromium no more per byte than larger ones. */
const MAX_COALESCED_BYTES = 64 * 1024;

/**
 * Moves a TunnelSession's bytes between the mail server's socket and whichever WebSocket the
 * session has at the moment, with backpressure both ways (DESIGN.md invariant 10), coalescing
 * and per-message compression, and counts them. It never looks inside them, so it cannot log
 * a password even by mistake. Which WebSocket, and when to stop, is the session's call.
 */
export class TunnelRelay {
  readonly #options: TunnelRelayOptions;
  #ws: WebSocket | null = null;
  /** The socket under #ws; set and cleared with it. */
  #socket: Duplex | null = null;
  /** Deflate or not, per message to #ws, judged on the backlogs the gauge reads; null when #ws did not negotiate permessage-deflate. */
  #compression: { policy: CompressionPolicy; backlog: SendBacklogGauge; idle: IdleDeflateRelease | null } | null = null;
  /** False for an end-to-end tunnel, whose bytes are ciphertext. */
  #deflateUpstreamBytes = true;
  #upstream: Socket | null = null;
  #upstreamPaused = false;
  #readingPaused = false;
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
  /** Our answer to an ack is queued and not yet written: later acks get none until it is, so acks cannot pile answers up. */
  #ackAnswerQueued = false;

  constructor(options: TunnelRelayOptions) {
    this.#options = options;
  }

  get link(): BrowserLink | null {
    return this.#ws && this.#socket ? { ws: this.#ws, socket: this.#socket } : null;
  }

  get ws(): WebSocket | null {
    return this.#ws;
  }

  /** POP3 bytes from the browser to the server. */
  get bytesUp(): number {
    return this.#bytesUp;
  }

  /** POP3 bytes read from the server. */
  get bytesDown(): number {
    return this.#bytesDown;
  }

  /** The figures `tunnel-closed` logs. */
  get counts(): { bytesDownDeflated: number; bytesDownPlain: number; deflateReleases: number } {
    return { bytesDownDeflated: this.#bytesDownDeflated, bytesDownPlain: this.#bytesDownPlain, deflateReleases: this.#deflateReleases };
  }

  /** Messages and bytes for the browser go to `link` from now on. */
  attach({ ws, socket }: BrowserLink): void {
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
  }

  /** The WebSocket is gone: what it had not been handed yet is dropped (a resume replays it). */
  detach(): void {
    this.#ws = null;
    this.#socket = null;
    if (this.#compression?.idle) {
      this.#compression.idle.stop();
      this.#deflateReleases += this.#compression.idle.released;
    }
    this.#compression = null;
    this.#downQueue.drop();
  }

  connectUpstream(socket: Socket, { deflate }: { deflate: boolean }): void {
    this.#upstream = socket;
    this.#deflateUpstreamBytes = deflate;
  }

  destroyUpstream(): void {
    this.#upstream?.destroy();
  }

  /** A control message, after the bytes read before it: `upstream-closed` must not overtake the last of the mail. */
  send(message: BridgeMessage, written?: () => void): void {
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

  /**
   * Our own ack answers the browser's: it drops its retained commands, and hears that the
   * link is alive. One answer in the queue at a time; it carries the count as of when it is
   * queued, and the browser's next ack gets a fresh one. Acks are not POP3 traffic, so they
   * do not reset the idle timer.
   */
  answerAck(): void {
    if (this.#ackAnswerQueued) return;
    this.#ackAnswerQueued = true;
    this.send({ type: 'ack', v: TUNNEL_PROTOCOL_VERSION, received: this.#bytesUp }, () => {
      this.#ackAnswerQueued = false;
    });
  }

  /** A chunk from the server's socket. */
  fromUpstream(chunk: Buffer): void {
    const state = this.#options.state();
    if (state !== 'relaying' && state !== 'parked') return;
    this.#bytesDown += chunk.length;
    this.#options.onTraffic();
    this.#options.resume()?.retain(chunk);
    if (state === 'relaying') this.#downQueue.push(chunk);
    this.updateUpstreamFlow();
  }

  /** A binary frame from the browser. */
  toUpstream(chunk: Buffer): void {
    const upstream = this.#upstream;
    const ws = this.#ws;
    if (!upstream || !ws) return;
    this.#bytesUp += chunk.length;
    this.#options.onTraffic();
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

  /**
   * After a resume at `received`: send the retained bytes from there, through the coalescer
   * like live bytes (the retained chunks are the server's ~4 kB reads). `lost` were sent before
   * the drop but never received; the rest was read from the server while parked.
   */
  replay(resume: TunnelResume, received: number): { replayed: number; lost: number } {
    const lost = Math.max(0, this.#downSentTo - received);
    this.#downSentTo = received;
    let replayed = 0;
    for (const chunk of resume.replayFrom(received)) {
      replayed += chunk.byteLength;
      this.#downQueue.push(chunk);
    }
    return { replayed, lost };
  }

  /**
   * Backpressure server → browser: pause the mail server while the WebSocket holds more than
   * highWaterMark, or while the unacked bytes fill resumeBufferBytes. TCP flow control then
   * holds the server; nothing is dropped and the bridge never buffers a mailbox.
   */
  updateUpstreamFlow(): void {
    const upstream = this.#upstream;
    const state = this.#options.state();
    if (!upstream || state === 'closed') return;
    const { limits } = this.#options;
    const resume = this.#options.resume();
    const wsFull = this.#ws !== null && this.#ws.bufferedAmount > limits.highWaterMark;
    const retainedFull = resume !== null && resume.full(limits.resumeBufferBytes);
    // The browser acks every megabyte or so, and every second: a buffer that fills sooner (a
    // small resumeBufferBytes, or the floor while every session together is at the limit)
    // asks for an ack now instead of waiting for the timer.
    if (retainedFull && !resume.ackRequested && state === 'relaying') {
      resume.ackRequested = true;
      this.send({ type: 'ack', v: TUNNEL_PROTOCOL_VERSION, received: this.#bytesUp, wanted: true });
    }
    if (!retainedFull && resume !== null) resume.ackRequested = false;
    const pause = wsFull || retainedFull;
    if (pause && !this.#upstreamPaused) {
      this.#upstreamPaused = true;
      upstream.pause();
    } else if (!pause && this.#upstreamPaused) {
      this.#upstreamPaused = false;
      upstream.resume();
    }
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
      this.updateUpstreamFlow();
    });
  }

  /** Asks the policy, with the backlogs as they are before this message joins them. */
  #compressNext(messageBytes: number): boolean {
    const compression = this.#compression;
    if (compression === null || !this.#deflateUpstreamBytes) return false;
    const backlog = compression.backlog.read();
    // A resumable tunnel's acks say how fast the browser itself takes the mail.
    const resume = this.#options.resume();
    if (resume !== null) backlog.acknowledged = resume.acknowledged;
    return compression.policy.compressNext(messageBytes, backlog, performance.now());
  }
}
