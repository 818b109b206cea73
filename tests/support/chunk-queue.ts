import { ByteInbox } from '../../shared/tunnel/index.ts';

/**
 * The read side of a Node ByteChannel: the app's ByteInbox (chunks pushed by socket events,
 * pulled by read(), end and failure delivered after the data) plus a read timeout, so a
 * test against a silent peer fails with a clear message instead of hanging. Shared by the
 * TCP/TLS channel and the WebSocket tunnel channel so both end a stream the same way.
 */
export class ChunkQueue {
  readonly #inbox = new ByteInbox();
  readonly #timeoutMs: number;
  readonly #describe: string;

  /**
   * @param timeoutMs how long one read() may wait for data before the stream fails. 0 = forever. Default 0.
   * @param describe names the peer in timeout messages.
   */
  constructor(options: { timeoutMs?: number; describe: string }) {
    this.#timeoutMs = options.timeoutMs ?? 0;
    this.#describe = options.describe;
  }

  push(chunk: Uint8Array): void {
    this.#inbox.push(chunk);
  }

  /** End of stream: reads drain what is queued, then get null. */
  end(): void {
    this.#inbox.end();
  }

  /** A broken stream: queued data is still delivered first, then reads reject with `error`. */
  fail(error: Error): void {
    this.#inbox.fail(error);
  }

  read(): Promise<Uint8Array | null> {
    const pending = this.#inbox.read();
    if (this.#timeoutMs <= 0 || !this.#inbox.waiting) return pending;
    // A read timeout ends the stream: a peer that went silent mid-response cannot be trusted to resume in step.
    const timer = setTimeout(() => {
      this.#inbox.fail(new Error(`read timed out: no bytes from ${this.#describe} within ${this.#timeoutMs} ms`));
    }, this.#timeoutMs);
    return pending.finally(() => clearTimeout(timer));
  }
}
