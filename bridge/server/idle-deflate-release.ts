import type { WebSocket } from 'ws';

/** What ws keeps per WebSocket for permessage-deflate: its zlib deflate stream, created on first use. */
interface DeflateExtension {
  _deflate: { close(): void } | null;
}

/**
 * Frees a tunnel's zlib deflate context (≈ 256 KiB at windowBits 15, memLevel 8) once no
 * compressed message has gone out for `idleMs`; ws creates a new one for the next compressed
 * message. RFC 7692 lets the sender drop its LZ77 history at any message boundary (that is
 * all server_no_context_takeover promises): the browser's inflater simply never sees a
 * back-reference into it. So an idle tunnel costs what a plain one does, and a sync pays for
 * the context only while it deflates.
 *
 * ws has no public handle on the stream: `_extensions['permessage-deflate']._deflate` is the
 * field its own cleanup() closes and its _compress() recreates when null (ws 8). The context
 * is freed only with no compressed message in flight, counted here through send callbacks.
 */
export class IdleDeflateRelease {
  readonly #extension: DeflateExtension | null;
  readonly #idleMs: number;
  #inFlight = 0;
  #timer: NodeJS.Timeout | null = null;
  #released = 0;

  constructor(ws: WebSocket, idleMs: number) {
    const extensions = (ws as unknown as { _extensions?: Record<string, DeflateExtension | undefined> })._extensions;
    this.#extension = extensions?.['permessage-deflate'] ?? null;
    this.#idleMs = idleMs;
  }

  /** How many times this tunnel's deflate context was freed (for tests and logs). */
  get released(): number {
    return this.#released;
  }

  /** Call for each message about to be sent compressed; call the returned function when ws reports it written. */
  sending(): () => void {
    this.#inFlight++;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    return () => {
      this.#inFlight--;
      if (this.#inFlight === 0) this.#arm();
    };
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const extension = this.#extension;
      if (this.#inFlight > 0 || extension === null || extension._deflate === null) return;
      extension._deflate.close();
      extension._deflate = null;
      this.#released++;
    }, this.#idleMs);
    this.#timer.unref();
  }
}
