/**
 * One direction of an emulated link: bytes written at time t leave the far end at
 *   t_out = max(t, busyUntil) + size·8/bandwidth   (serialization: the link sends one
 *                                                   byte after another at its bit rate)
 *   t_arrive = t_out + delay                        (propagation, the same for every byte)
 * so a burst of small chunks costs exactly what one big chunk of the same size costs, and
 * the delay is paid once per chunk in flight, not once per chunk in sequence. Order is
 * preserved. Times are absolute (performance.now()), so late timers do not add up.
 */
import { performance } from 'node:perf_hooks';

export interface PathProfile {
  /** One-way propagation delay. Default 0. */
  delayMs: number;
  /** Bit rate. Default Infinity (no serialization delay). */
  bandwidthBitsPerSecond: number;
}

type Item = { at: number; bytes: Uint8Array } | { at: number; end: true };

/**
 * Large chunks are cut into segments this size so that, on a slow link, the far end sees
 * bytes trickle in as it would from a real link, not one burst at the end of a 64 KB chunk.
 */
const SEGMENT_BYTES = 4096;

export class LinkPath {
  readonly #queue: Item[] = [];
  readonly #deliver: (bytes: Uint8Array) => boolean;
  readonly #end: () => void;
  readonly #profile: () => PathProfile;
  readonly #heldUntil: () => number;
  #busyUntil = 0;
  #lastArrival = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #queuedBytes = 0;
  #closed = false;

  /**
   * @param deliver writes bytes to the far end; returns false to stop delivery at once
   *   (the connection was cut by a byte budget). Not called again after returning false.
   * @param end half-closes the far end, after every byte before it has been delivered.
   * @param profile read on every chunk, so profile changes apply to bytes sent afterwards.
   * @param heldUntil time (performance.now() ms) before which nothing is delivered (a stall).
   */
  constructor(options: {
    deliver: (bytes: Uint8Array) => boolean;
    end: () => void;
    profile: () => PathProfile;
    heldUntil: () => number;
  }) {
    this.#deliver = options.deliver;
    this.#end = options.end;
    this.#profile = options.profile;
    this.#heldUntil = options.heldUntil;
  }

  /** Bytes accepted but not yet delivered; the caller pauses its source above a limit. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  push(bytes: Uint8Array): void {
    if (this.#closed) return;
    const { delayMs, bandwidthBitsPerSecond } = this.#profile();
    const now = performance.now();
    // An unshaped link with nothing in flight or held passes bytes straight on, as loopback
    // does: no segment copies and no timer, whose 1 ms minimum every chunk would wait.
    if (delayMs === 0 && !Number.isFinite(bandwidthBitsPerSecond) && this.#queue.length === 0 && now >= this.#heldUntil()) {
      if (!this.#deliver(bytes)) this.close();
      return;
    }
    for (let offset = 0; offset < bytes.byteLength; offset += SEGMENT_BYTES) {
      const segment = bytes.subarray(offset, offset + SEGMENT_BYTES);
      const serializationMs = Number.isFinite(bandwidthBitsPerSecond) ? (segment.byteLength * 8 * 1000) / bandwidthBitsPerSecond : 0;
      const sentAt = Math.max(now, this.#busyUntil) + serializationMs;
      this.#busyUntil = sentAt;
      this.#enqueue({ at: sentAt + delayMs, bytes: segment });
      this.#queuedBytes += segment.byteLength;
    }
  }

  /** The source sent FIN: pass it on once everything before it has arrived. */
  pushEnd(): void {
    if (this.#closed) return;
    const now = performance.now();
    this.#enqueue({ at: Math.max(now, this.#busyUntil) + this.#profile().delayMs, end: true });
  }

  /** Drops everything in flight (the connection was cut). */
  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    clearTimeout(this.#timer);
  }

  /** Re-arms the timer, e.g. after a stall was set or lifted. */
  reschedule(): void {
    this.#schedule();
  }

  #enqueue(item: Item): void {
    // A profile change to a shorter delay must not let later bytes overtake earlier ones.
    item.at = Math.max(item.at, this.#lastArrival);
    this.#lastArrival = item.at;
    this.#queue.push(item);
    if (this.#queue.length === 1) this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    const head = this.#queue[0];
    if (!head || this.#closed) return;
    const due = Math.max(head.at, this.#heldUntil());
    this.#timer = setTimeout(() => this.#flush(), Math.max(0, due - performance.now()));
  }

  #flush(): void {
    const now = performance.now();
    if (now < this.#heldUntil()) return this.#schedule();
    // Deliver everything due, coalesced into one write per timer tick.
    const due: Uint8Array[] = [];
    let ended = false;
    while (this.#queue.length > 0 && this.#queue[0]!.at <= now + 0.5) {
      const item = this.#queue.shift()!;
      if ('end' in item) {
        ended = true;
        break;
      }
      this.#queuedBytes -= item.bytes.byteLength;
      due.push(item.bytes);
    }
    if (due.length > 0) {
      const bytes = due.length === 1 ? due[0]! : Buffer.concat(due);
      if (!this.#deliver(bytes)) return this.close();
    }
    if (ended) {
      this.#end();
      return this.close();
    }
    this.#schedule();
  }
}
