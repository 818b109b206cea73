/**
 * The byte transport a POP3 session runs over: the same shape as `ByteChannel` in
 * shared/pop3 (pop3-session.ts), declared here until that lands so the support code
 * compiles on its own. Structural typing makes the two interchangeable.
 */
export interface ByteChannel {
  write(bytes: Uint8Array): void;
  /** Resolves with the next chunk, or null at end of stream. */
  read(): Promise<Uint8Array | null>;
  close(): void;
}
