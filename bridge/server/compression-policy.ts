import type { CompressionConfig } from '../config/index.ts';

/** What the bridge's send queue to one browser holds just before the next message is sent. */
export interface SendBacklog {
  /** Bytes already framed and waiting for the kernel (the socket's writableLength). */
  link: number;
  /** Bytes waiting for (or inside) the deflate stream: ws.bufferedAmount minus `link`. */
  compressor: number;
  /** Bytes the kernel has taken from the socket since it opened (cumulative). */
  linkBytesWritten: number;
  /** Mail-server bytes the browser has acknowledged (cumulative); absent when the tunnel has no acks. */
  acknowledged?: number;
}

/**
 * Decides, message by message, whether the bridge deflates what it sends to one browser
 * (RFC 7692 §6: RSV1 is per message, so plain and deflated messages mix in one
 * permessage-deflate session, and ws keeps their order).
 *
 * Deflate pays only while the link is the bottleneck: on a slow link a 0.7× smaller message
 * arrives sooner, on a fast one the compressor is what the browser waits for. It starts
 * compressing (bad links are what Satchel is for, and the header listing at the start
 * compresses best) and goes plain after a stretch of `plainAfterMs` in which the kernel took
 * the socket's bytes at `plainAboveLinkBytesPerSecond` or faster: a link that fast is not
 * what holds the browser back, and deflate only costs CPU at both ends. On loopback in the
 * bench the browser took ~16 MB/s of deflated bytes while CPU-bound: every byte deflated
 * took 5.3–6.3 s, plain 4.0–4.2 s. With the rate at 0 it goes plain instead once the
 * compressor has held more than `plainAboveCompressorBytes` for `plainAfterMs` without a
 * break while the link held less than `plainBelowLinkBytes`.
 *
 * The rate matters because an empty link backlog proves little: the kernel's send buffers
 * (megabytes, more behind a shaping router) take a slow link's bytes at once until they fill.
 * Behind 8 Mbit/s in the bench, a compressor stalled by CPU contention looked like
 * "compressor-bound, link empty" for a whole stretch. Buffer slack cannot fake 10 MB/s for a
 * second. Each stretch is judged on its own, so a slow start does not drag down the ones
 * after it.
 *
 * While deflating, the link takes bytes no faster than the compressor and the browser give
 * them, and on a busy machine that sits near the floor: on loopback in the bench it went
 * plain after 14 to 96 MB, a run's time moving with it. So a stretch that shows
 * `tryPlainAboveLinkBytesPerSecond` starts plain on trial: the first plain stretch must show
 * the floor, or the bridge deflates again and tries no more for `compressAgainAfterMs`.
 * The browser's acks show that rate sooner: they count bytes it has received and read, so no
 * buffer on the way can make them come faster than the link, and `tryPlainAfterAckedMs` of
 * them suffice. The kernel's rate needs a whole stretch, and the first one also holds the
 * login's round trips: on loopback the bench deflated 14.9 MB over 1.4 s before it tried,
 * about a third of the sync. Deflate costs ~25 ms of CPU per MB at any zlib level on this mail.
 *
 * It compresses again once more than `compressAboveLinkBytes` wait for the link after a
 * stretch in which the link took less than the rate (plain, a CPU-bound browser on a fast
 * link keeps a backlog too, and deflate would not shorten it), and in any case after
 * `compressAgainAfterMs` of plain sending. The second rule is needed because the kernel's
 * send buffer (megabytes) and the browser's bounded POP3 pipeline can keep a slow link's
 * queue out of the bridge's sight for a whole download: plain sending never shows a backlog
 * there, so the policy tries deflate again and lets the link show its rate.
 *
 * Pure: no sockets, no clocks. A new WebSocket (a resumed session) gets a new policy.
 */
export class CompressionPolicy {
  readonly #config: Readonly<CompressionConfig>;
  #compressing = true;
  /** Rate 0 only, while compressing: since when the compressor has held too much with the link nearly empty. */
  #compressorBoundSince: number | null = null;
  /** While plain: since when. */
  #plainSince = 0;
  /** The current stretch of plainAfterMs over which the link's rate is judged. */
  #stretch: { since: number; linkBytesWritten: number } | null = null;
  /** The last stretch that ended: the link's rate over it (bytes per second) and the bytes it moved. */
  #last: { rate: number; moved: number } | null = null;
  /** Plain on trial (tryPlainAboveLinkBytesPerSecond): its first stretch decides whether plain stays. */
  #onTrial = false;
  /** No trial before this time: the last one showed a link slower than the floor. */
  #noTrialBefore = Number.NEGATIVE_INFINITY;
  /** The current window of tryPlainAfterAckedMs over which the browser's acks are judged, and what they confirmed in it so far. */
  #ackWindow: { since: number; start: number; confirmed: number } | null = null;

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
      this.#measureLink(backlog, now);
      this.#measureAcks(backlog, now);
      if (this.#compressing) this.#judgeCompressing(backlog, now);
      else this.#judgePlain(backlog, now);
    }
    // ws applies its own threshold only without context takeover, so the bridge applies it.
    return this.#compressing && messageBytes >= config.threshold;
  }

  /**
   * Closes the stretch once plainAfterMs have passed, or sooner once it has moved the bytes
   * that the lowest rate which could change the verdict now moves in a whole stretch (see
   * #shows); opens the next. Closing sooner changes no verdict, it only reaches it earlier:
   * on loopback the bodies' first second went deflated.
   */
  #measureLink(backlog: SendBacklog, now: number): void {
    const stretch = (this.#stretch ??= { since: now, linkBytesWritten: backlog.linkBytesWritten });
    const elapsedMs = now - stretch.since;
    const moved = backlog.linkBytesWritten - stretch.linkBytesWritten;
    const decisive = this.#lowestDecisiveRate(now);
    if (elapsedMs < this.#config.plainAfterMs && !(decisive > 0 && moved >= this.#volumeFor(decisive))) return;
    this.#last = { rate: elapsedMs > 0 ? (moved * 1000) / elapsedMs : Number.POSITIVE_INFINITY, moved };
    this.#stretch = { since: now, linkBytesWritten: backlog.linkBytesWritten };
  }

  /** The rate floor, or while deflating the trial rate when a trial may start now; 0 for none. */
  #lowestDecisiveRate(now: number): number {
    const floor = this.#config.plainAboveLinkBytesPerSecond;
    return this.#mayTry(now) ? Math.min(floor, this.#config.tryPlainAboveLinkBytesPerSecond) : floor;
  }

  #mayTry(now: number): boolean {
    const { plainAboveLinkBytesPerSecond: floor, tryPlainAboveLinkBytesPerSecond: tryAbove } = this.#config;
    return this.#compressing && floor > 0 && tryAbove > 0 && now >= this.#noTrialBefore;
  }

  /**
   * Whether the last stretch showed the link taking `rate`: that fast, and as many bytes as
   * that rate moves in a whole stretch. Buffer slack can take megabytes at once, never that many.
   */
  #shows(rate: number): boolean {
    return rate > 0 && this.#last !== null && this.#last.rate >= rate && this.#last.moved >= this.#volumeFor(rate);
  }

  /** Counts what the browser acknowledged in the current window; an expired window starts anew. */
  #measureAcks({ acknowledged }: SendBacklog, now: number): void {
    const windowMs = this.#config.tryPlainAfterAckedMs;
    if (acknowledged === undefined || windowMs <= 0) return;
    const window = this.#ackWindow;
    if (window === null || now - window.since > windowMs) this.#ackWindow = { since: now, start: acknowledged, confirmed: 0 };
    else window.confirmed = acknowledged - window.start;
  }

  /** Whether the browser has acknowledged, within one window, what the try rate moves in a window. */
  #acksShowTryRate(): boolean {
    const { tryPlainAfterAckedMs: windowMs, tryPlainAboveLinkBytesPerSecond: rate } = this.#config;
    return this.#ackWindow !== null && this.#ackWindow.confirmed >= (rate * windowMs) / 1000;
  }

  #volumeFor(rate: number): number {
    return (rate * this.#config.plainAfterMs) / 1000;
  }

  #linkFast(): boolean {
    return this.#shows(this.#config.plainAboveLinkBytesPerSecond);
  }

  #linkSlowAndBackedUp(backlog: SendBacklog): boolean {
    if (backlog.link <= this.#config.compressAboveLinkBytes) return false;
    // With no rate floor the backlog alone decides, as it did before the rate was measured.
    return this.#config.plainAboveLinkBytesPerSecond === 0 || (this.#last !== null && !this.#linkFast());
  }

  /** Starts each mode with a fresh stretch, so its rate is measured in that mode only. */
  #switch(compressing: boolean, now: number, onTrial = false): void {
    this.#compressing = compressing;
    this.#onTrial = onTrial;
    this.#compressorBoundSince = null;
    this.#stretch = null;
    this.#last = null;
    this.#ackWindow = null;
    if (!compressing) this.#plainSince = now;
  }

  #judgePlain(backlog: SendBacklog, now: number): void {
    if (this.#onTrial && this.#last !== null) {
      if (this.#linkFast()) {
        this.#onTrial = false;
      } else {
        this.#noTrialBefore = now + this.#config.compressAgainAfterMs;
        return this.#switch(true, now);
      }
    }
    if (this.#linkSlowAndBackedUp(backlog) || now - this.#plainSince >= this.#config.compressAgainAfterMs) this.#switch(true, now);
  }

  #judgeCompressing(backlog: SendBacklog, now: number): void {
    const config = this.#config;
    if (this.#linkFast()) return this.#switch(false, now);
    if (this.#mayTry(now) && (this.#shows(config.tryPlainAboveLinkBytesPerSecond) || this.#acksShowTryRate())) return this.#switch(false, now, true);
    if (config.plainAboveLinkBytesPerSecond > 0) return; // the rate decides
    if (backlog.compressor <= config.plainAboveCompressorBytes || backlog.link >= config.plainBelowLinkBytes) {
      this.#compressorBoundSince = null;
      return;
    }
    this.#compressorBoundSince ??= now;
    if (now - this.#compressorBoundSince >= config.plainAfterMs) this.#switch(false, now);
  }
}
