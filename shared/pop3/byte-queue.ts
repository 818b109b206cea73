const LF = 0x0a;

/**
 * The bytes received and not yet parsed, kept as a list of chunks so that appending never
 * copies (no quadratic concatenation on a 100 MB mailbox). Chunks are held by reference:
 * callers must not reuse a buffer after handing it to `Pop3Client.receive`.
 */
export class ByteQueue {
  #chunks: Uint8Array[] = [];
  /** Index of the first live chunk; the array is compacted now and then instead of shift(). */
  #first = 0;
  /** Offset of the first unread byte inside the first live chunk. */
  #offset = 0;
  #length = 0;
  /** How many bytes from the front are known to hold no LF, so a line is never rescanned. */
  #scanned = 0;

  get length(): number {
    return this.#length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** The unread part of the first chunk, or null when empty. */
  peek(): Uint8Array | null {
    const chunk = this.#chunks[this.#first];
    if (chunk === undefined) return null;
    return this.#offset === 0 ? chunk : chunk.subarray(this.#offset);
  }

  /** Drops `count` bytes from the front. */
  consume(count: number): void {
    this.#length -= count;
    this.#scanned = Math.max(0, this.#scanned - count);
    let left = count;
    while (left > 0) {
      const chunk = this.#chunks[this.#first];
      if (chunk === undefined) throw new RangeError('consume past end of queue');
      const available = chunk.length - this.#offset;
      if (left < available) {
        this.#offset += left;
        return;
      }
      left -= available;
      this.#dropFirst();
    }
  }

  /** Position of the first LF from the front, or -1. Scans each byte once however data arrives. */
  indexOfLf(): number {
    let base = 0;
    for (let i = this.#first; i < this.#chunks.length; i++) {
      const chunk = this.#chunks[i]!;
      const start = i === this.#first ? this.#offset : 0;
      const size = chunk.length - start;
      if (base + size > this.#scanned) {
        const from = Math.max(0, this.#scanned - base);
        const at = chunk.indexOf(LF, start + from);
        if (at >= 0) return base + (at - start);
      }
      base += size;
    }
    this.#scanned = base;
    return -1;
  }

  /** Copies out and drops the first `count` bytes. */
  take(count: number): Uint8Array {
    const out = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const chunk = this.peek();
      if (chunk === null) throw new RangeError('take past end of queue');
      const n = Math.min(chunk.length, count - filled);
      out.set(n === chunk.length ? chunk : chunk.subarray(0, n), filled);
      filled += n;
      this.consume(n);
    }
    return out;
  }

  clear(): void {
    this.#chunks = [];
    this.#first = 0;
    this.#offset = 0;
    this.#length = 0;
    this.#scanned = 0;
  }

  #dropFirst(): void {
    this.#chunks[this.#first] = EMPTY;
    this.#first++;
    this.#offset = 0;
    if (this.#first === this.#chunks.length) {
      this.#chunks = [];
      this.#first = 0;
    } else if (this.#first >= 1024 && this.#first * 2 >= this.#chunks.length) {
      this.#chunks = this.#chunks.slice(this.#first);
      this.#first = 0;
    }
  }
}

const EMPTY = new Uint8Array(0);
