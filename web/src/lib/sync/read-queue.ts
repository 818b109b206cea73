// The read side of a ByteChannel: chunks pushed by WebSocket events, pulled by read().
// A read that waits longer than the timeout rejects with TUNNEL_ERR_TIMEOUT, so a stalled
// link ends a sync with a clear code instead of hanging it (the POP3 session has no timers).
import { TunnelError } from '../../../../shared/tunnel/index.ts';

type Waiter = { resolve: (chunk: Uint8Array | null) => void; reject: (error: Error) => void };

export class ReadQueue {
  readonly #chunks: Uint8Array[] = [];
  readonly #timeoutMs: number;
  readonly #onTimeout: () => void;
  #ended = false;
  #failure: Error | undefined;
  #waiter: Waiter | undefined;

  /**
   * @param timeoutMs how long one read() may wait; 0 waits forever.
   * @param onTimeout called once a read timed out (the channel closes its socket there).
   */
  constructor(timeoutMs: number, onTimeout: () => void = () => undefined) {
    this.#timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
  }

  push(chunk: Uint8Array): void {
    if (this.#ended || this.#failure) return;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter) waiter.resolve(chunk);
    else this.#chunks.push(chunk);
  }

  /** End of stream: queued chunks are still read, then null. */
  end(): void {
    if (this.#ended || this.#failure) return;
    this.#ended = true;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.resolve(null);
  }

  /** A broken stream: queued chunks are still read, then reads reject with `error`. */
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
      const timer = this.#timeoutMs > 0
        ? setTimeout(() => {
          this.fail(new TunnelError('TUNNEL_ERR_TIMEOUT', `no bytes from the bridge within ${this.#timeoutMs} ms`));
          this.#onTimeout();
        }, this.#timeoutMs)
        : undefined;
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
