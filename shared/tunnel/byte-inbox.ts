/**
 * The read side of a ByteChannel: chunks pushed as they arrive, pulled by read(). A failure
 * or the end is delivered only after every chunk already received, so bytes that made it
 * across are never thrown away.
 */
export class ByteInbox {
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #failure: Error | null = null;
  #waiter: { resolve: (chunk: Uint8Array | null) => void; reject: (error: Error) => void } | null = null;
  #waitingSince = 0;

  /** Whether a read() is waiting for bytes. */
  get waiting(): boolean {
    return this.#waiter !== null;
  }

  /** Epoch ms when the read() now waiting began to wait (meaningless while none waits). */
  get waitingSince(): number {
    return this.#waitingSince;
  }

  get settled(): boolean {
    return this.#ended || this.#failure !== null;
  }

  push(chunk: Uint8Array): void {
    if (this.settled) return;
    const waiter = this.#waiter;
    this.#waiter = null;
    if (waiter) waiter.resolve(chunk);
    else this.#chunks.push(chunk);
  }

  end(): void {
    if (this.settled) return;
    this.#ended = true;
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.resolve(null);
  }

  fail(error: Error): void {
    if (this.settled) return;
    this.#failure = error;
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.reject(error);
  }

  read(): Promise<Uint8Array | null> {
    const chunk = this.#chunks.shift();
    if (chunk) return Promise.resolve(chunk);
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#ended) return Promise.resolve(null);
    if (this.#waiter) return Promise.reject(new Error('read() called again before the previous read() settled'));
    this.#waitingSince = Date.now();
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }
}
