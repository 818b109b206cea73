/**
 * The read side of a ByteChannel: chunks pushed by a socket's events, pulled by read().
 * Shared by the TCP/TLS channel and the WebSocket tunnel channel so both end a stream
 * (EOF, error, timeout) the same way.
 */
export class ChunkQueue {
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #failure: Error | undefined;
  #waiter: { resolve: (chunk: Uint8Array | null) => void; reject: (error: Error) => void } | undefined;
  readonly #timeoutMs: number;
  readonly #describe: string;

  /**
   * @param timeoutMs how long one read() may wait for data before it rejects. 0 = forever. Default 0.
   * @param describe names the peer in timeout messages.
   */
  constructor(options: { timeoutMs?: number; describe: string }) {
    this.#timeoutMs = options.timeoutMs ?? 0;
    this.#describe = options.describe;
  }

  push(chunk: Uint8Array): void {
    if (this.#ended || this.#failure) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve(chunk);
    } else {
      this.#chunks.push(chunk);
    }
  }

  /** End of stream: reads drain what is queued, then get null. */
  end(): void {
    if (this.#ended || this.#failure) return;
    this.#ended = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve(null);
  }

  /** A broken stream: queued data is still delivered first, then reads reject with `error`. */
  fail(error: Error): void {
    if (this.#ended || this.#failure) return;
    this.#failure = error;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
  }

  read(): Promise<Uint8Array | null> {
    const chunk = this.#chunks.shift();
    if (chunk) return Promise.resolve(chunk);
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#ended) return Promise.resolve(null);
    if (this.#waiter) return Promise.reject(new Error('read() called again before the previous read() settled'));
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (this.#timeoutMs > 0) {
        timer = setTimeout(() => {
          this.#waiter = undefined;
          reject(new Error(`read timed out: no bytes from ${this.#describe} within ${this.#timeoutMs} ms`));
        }, this.#timeoutMs);
      }
      this.#waiter = {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }
}
