import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * Notices a browser that takes nothing: bytes wait in the WebSocket and the socket under it
 * writes none of them for `timeoutMs`. Backpressure already stops the mail
 * server, so memory stays bounded; this frees the slot and the POP3 connection of a client
 * that stopped reading. A slow link still writes, so it never trips this.
 */
export class SendStallWatch {
  readonly #timer: NodeJS.Timeout;
  #lastWritten = -1;
  #stalledSince: number | null = null;

  constructor(ws: WebSocket, socket: Duplex, options: { timeoutMs: number; onStall: () => void }) {
    const checkEvery = Math.max(10, Math.min(1000, Math.floor(options.timeoutMs / 4)));
    this.#timer = setInterval(() => {
      const written = (socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0;
      const backlogged = ws.bufferedAmount > 0;
      if (!backlogged || written !== this.#lastWritten) {
        this.#lastWritten = written;
        this.#stalledSince = null;
        return;
      }
      this.#stalledSince ??= Date.now();
      if (Date.now() - this.#stalledSince >= options.timeoutMs) {
        this.stop();
        options.onStall();
      }
    }, checkEvery);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
