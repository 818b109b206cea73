import type { CompressionConfig } from '../config/index.ts';

/** What the bridge's send queue to one browser holds just before the next message is sent. */
export interface SendBacklog {
  /** Bytes already framed and waiting for the kernel (the socket's writableLength). */
  link: number;
  /** Bytes waiting for (or inside) the deflate stream: ws.bufferedAmount minus `link`. */
  compressor: number;
  /** Bytes the kernel has taken from the socket since it opened (cumulative). */
  linkBytesWritten: number;
}

/**
 * Decides, message by message, whether the bridge deflates what it sends to one browser
 * (RFC 7692 §6: RSV1 is per message, so plain and deflated messages mix in one
 * permessage-deflate session, and ws keeps their order).
 *
 * Deflate pays only while the link is the bottleneck: on a slow link a 0.7× smaller message
 * arrives sooner, on a fast one the compressor is what the browser waits for. It starts
 * compressing (bad links are what Satchel is for, and the header listing at the start
 * compresses best) and goes plain once the compressor has held more than
 * `plainAboveCompressorBytes` for `plainAfterMs` without a break while the link held less
 * than `plainBelowLinkBytes`, and the kernel took the socket's bytes at
 * `plainAboveLinkBytesPerSecond` or faster over that stretch.
 *
 * The time matters: a burst from the mail server fills the compressor for a moment on any
 * link; only a compressor slower than the link stays full. The rate matters because an empty
 * link backlog proves little: the kernel's send buffers (megabytes, more behind a shaping
 * router) take a slow link's bytes at once until they fill. Behind 8 Mbit/s in the bench, a
 * compressor stalled by CPU contention looked like "compressor-bound, link empty" for the
 * whole stretch, and the bridge sent 16–17 MB plain before the retry. Buffer slack cannot
 * fake 10 MB/s for a second; a link that outruns the compressor takes all it puts out (13–17
 * MB/s on loopback in the integration test). So a compressor that puts out less than the rate
 * never goes plain: lower the rate for such a bridge on a fast LAN. Each stretch of
 * `plainAfterMs` is judged on its own, so a slow start does not drag down the ones after it.
 *
 * It compresses again once more than `compressAboveLinkBytes` wait for the link, and in any
 * case after `compressAgainAfterMs` of plain sending. The second rule is needed because the
 * kernel's send buffer (megabytes) and the browser's bounded POP3 pipeline can keep a slow
 * link's queue out of the bridge's sight for a whole download: plain sending never shows a
 * backlog there, so the policy tries deflate again and lets the compressor show whether it
 * still cannot keep up.
 *
 * Pure: no sockets, no clocks. A new WebSocket (a resumed session) gets a new policy.
 */
export class CompressionPolicy {
  readonly #config: Readonly<CompressionConfig>;
  #compressing = true;
  /**
   * While compressing: since when the compressor has held too much with the link nearly empty,
   * and the link's byte count then; null when it does not.
   */
  #compressorBound: { since: number; linkBytesWritten: number } | null = null;
  /** While plain: since when. */
  #plainSince = 0;

  constructor(config: Readonly<CompressionConfig>) {
    this.#config = config;
  }

  /** Whether messages are being deflated right now (messages under `threshold` never are). */
  get compressing(): boolean {
    return this.#compressing;
  }

  /**
   * Call once per message, just before sending it; returns whether to deflate it.
   * @param now a monotonic clock in milliseconds (performance.now()).
   */
  compressNext(messageBytes: number, backlog: SendBacklog, now: number): boolean {
    const config = this.#config;
    if (config.adaptive) {
      if (this.#compressing) this.#judgeCompressing(backlog, now);
      else if (backlog.link > config.compressAboveLinkBytes || now - this.#plainSince >= config.compressAgainAfterMs) this.#compressing = true;
    }
    // ws applies its own threshold only without context takeover, so the bridge applies it.
    return this.#compressing && messageBytes >= config.threshold;
  }

  #judgeCompressing(backlog: SendBacklog, now: number): void {
    const config = this.#config;
    if (backlog.compressor <= config.plainAboveCompressorBytes || backlog.link >= config.plainBelowLinkBytes) {
      this.#compressorBound = null;
      return;
    }
    const stretch = (this.#compressorBound ??= { since: now, linkBytesWritten: backlog.linkBytesWritten });
    const elapsedMs = now - stretch.since;
    if (elapsedMs < config.plainAfterMs) return;
    const taken = backlog.linkBytesWritten - stretch.linkBytesWritten;
    if (taken * 1000 >= config.plainAboveLinkBytesPerSecond * elapsedMs) {
      this.#compressing = false;
      this.#compressorBound = null;
      this.#plainSince = now;
    } else {
      // Too slow for a fast link: maybe a slow one behind big buffers. Judge a fresh stretch.
      this.#compressorBound = { since: now, linkBytesWritten: backlog.linkBytesWritten };
    }
  }
}
