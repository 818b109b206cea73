import type { SendBacklog } from './compression-policy.ts';

/** What the gauge reads of a net.Socket (or tls.TLSSocket). */
interface SocketCounts {
  readonly writableLength: number;
  readonly bytesWritten: number;
}

/**
 * Reads the two backlogs CompressionPolicy weighs, and how much the link has taken so far, for
 * one WebSocket and the socket under it (ws.bufferedAmount is the socket's writableLength plus
 * what ws still holds to deflate).
 *
 * A TLSSocket keeps every write in its writableLength until a later event-loop turn, even
 * when the kernel took the bytes at once: TLS writes complete asynchronously, where a
 * net.Socket's complete as soon as the kernel has them. Read in the middle of a burst of
 * sends (one read from the mail server can bring a hundred 4 KiB TLS records, each relayed
 * as it comes), it would take this turn's own writes for a backed-up link. So the link
 * backlog counts only what earlier turns left unwritten: at most what the first read of this
 * turn saw.
 *
 * The bytes taken are socket.bytesWritten less writableLength: Node counts a write in
 * bytesWritten as soon as it is queued, and in writableLength until it completes. A TLS write
 * thus counts a turn late, which shifts both ends of a measured stretch alike.
 */
export class SendBacklogGauge {
  readonly #ws: { readonly bufferedAmount: number };
  readonly #socket: SocketCounts;
  /** writableLength at the first read of the current turn; null between turns. */
  #atTurnStart: number | null = null;

  constructor(ws: { readonly bufferedAmount: number }, socket: SocketCounts) {
    this.#ws = ws;
    this.#socket = socket;
  }

  read(): SendBacklog {
    const pending = this.#socket.writableLength;
    if (this.#atTurnStart === null) {
      this.#atTurnStart = pending;
      // setImmediate runs after this turn's I/O callbacks, which is when a TLS write that the
      // kernel took is taken off writableLength.
      setImmediate(() => {
        this.#atTurnStart = null;
      });
    }
    return {
      link: Math.min(pending, this.#atTurnStart),
      compressor: Math.max(0, this.#ws.bufferedAmount - pending),
      linkBytesWritten: this.#socket.bytesWritten - pending,
    };
  }
}
