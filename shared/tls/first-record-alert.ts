const ALERT_RECORD = 21;
const FATAL = 2;

/**
 * Watches the server's first bytes for a plaintext fatal alert (RFC 8446 §6) and keeps its
 * description: a TLS 1.2-only server answers our 1.3-only ClientHello with protocol_version,
 * which subtls reports only as "Fatal alert message received". Reads nothing else.
 */
export class FirstRecordAlert {
  #head = new Uint8Array(7);
  #filled = 0;

  observe(bytes: Uint8Array): void {
    const take = Math.min(bytes.length, this.#head.length - this.#filled);
    this.#head.set(bytes.subarray(0, take), this.#filled);
    this.#filled += take;
  }

  /** The alert's description, or null when the first record is not a complete fatal alert. */
  get description(): number | null {
    const head = this.#head;
    if (this.#filled < 7 || head[0] !== ALERT_RECORD || head[5] !== FATAL) return null;
    return head[6]!;
  }
}
