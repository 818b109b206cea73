/**
 * One direction of a resumable tunnel: the bytes sent but not yet acknowledged by the peer,
 * addressed by absolute stream offset (bytes since `ready`). The bridge keeps the mail
 * server's bytes here until the browser acks them; the browser keeps its own commands here
 * until the bridge acks them. After a drop, whatever the peer reports having received is
 * the offset to replay from, so no byte is lost and none is sent twice.
 */
export class RetainedBytes {
  readonly #chunks: Uint8Array[] = [];
  #start = 0;
  #end = 0;

  /** Offset of the oldest byte still held (everything before it was acknowledged). */
  get start(): number {
    return this.#start;
  }

  /** Offset just past the newest byte: the total ever appended. */
  get end(): number {
    return this.#end;
  }

  /** Bytes held right now. */
  get size(): number {
    return this.#end - this.#start;
  }

  /** Whether `offset` can be replayed from: inside what is held, or exactly at the end. */
  holds(offset: number): boolean {
    return Number.isSafeInteger(offset) && offset >= this.#start && offset <= this.#end;
  }

  /** Keeps `chunk` (not a copy: the caller hands it over and must not change it). */
  append(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.#chunks.push(chunk);
    this.#end += chunk.byteLength;
  }

  /**
   * The peer has everything before `offset`: forget it. An offset behind `start` is an old
   * ack and changes nothing; one past `end` claims bytes never sent, so it throws.
   */
  acknowledge(offset: number): void {
    if (!Number.isSafeInteger(offset) || offset > this.#end) throw new RangeError(`ack ${offset} is past the ${this.#end} bytes sent`);
    while (this.#start < offset) {
      const head = this.#chunks[0]!;
      const drop = offset - this.#start;
      if (drop >= head.byteLength) {
        this.#chunks.shift();
        this.#start += head.byteLength;
      } else {
        this.#chunks[0] = head.subarray(drop);
        this.#start = offset;
      }
    }
  }

  /** The bytes from `offset` to the end, in order, as views of what was appended; throws unless holds(offset). */
  from(offset: number): Uint8Array[] {
    if (!this.holds(offset)) throw new RangeError(`offset ${offset} is outside the retained ${this.#start}–${this.#end}`);
    const out: Uint8Array[] = [];
    let position = this.#start;
    for (const chunk of this.#chunks) {
      const next = position + chunk.byteLength;
      if (next > offset) out.push(position >= offset ? chunk : chunk.subarray(offset - position));
      position = next;
    }
    return out;
  }
}
