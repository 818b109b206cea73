/**
 * A duplex byte stream for Pop3Session: a WebSocket tunnel in the browser, a TCP or TLS
 * socket in Node, an in-memory script in tests. Timeouts are the channel's job: a read that
 * takes too long should reject (or return null), since the session has no timers.
 */
export interface ByteChannel {
  write(bytes: Uint8Array): void;
  /** The next bytes from the server; null at end of stream. */
  read(): Promise<Uint8Array | null>;
  close(): void;
}
