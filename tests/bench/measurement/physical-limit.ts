/**
 * The least time any POP3 client needs on a link: the raw POP3 bytes at the link rate,
 * plus the round trips that no pipelining can remove:
 *   1 TCP handshake, 1 TLS 1.3 handshake, 1 login (AUTH PLAIN with an initial response),
 *   1 listing (a client must learn the message numbers before asking for them),
 *   1 for the whole pipelined RETR batch.
 * Propagation of the last byte is inside the batch round trip. Compression can beat this
 * limit, since it counts raw bytes; that is the point of the "0.75× mpop" target (DESIGN.md "Targets").
 */
export const UNAVOIDABLE_ROUND_TRIPS = 5;

export interface PhysicalLimitInput {
  /** POP3 bytes the server must send (responses, dot-stuffed, terminators included). */
  rawDownBytes: number;
  rttMs: number;
  /** Infinity for an unlimited link. */
  bandwidthBitsPerSecond: number;
}

/** Seconds; null on loopback, where neither term is meaningful. */
export function physicalLimitSeconds(input: PhysicalLimitInput): number | null {
  if (input.rttMs === 0 && !Number.isFinite(input.bandwidthBitsPerSecond)) return null;
  const transfer = Number.isFinite(input.bandwidthBitsPerSecond) ? (input.rawDownBytes * 8) / input.bandwidthBitsPerSecond : 0;
  return transfer + (UNAVOIDABLE_ROUND_TRIPS * input.rttMs) / 1000;
}

/** Where to cut so it lands mid-message: the middle of the first message of at least minSize past `fraction`. */
export function midMessageCutOffset(sizes: readonly number[], fraction: number, minSize: number): { msg: number; offset: number } {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  let before = 0;
  for (let i = 0; i < sizes.length; i++) {
    if (before >= total * fraction && sizes[i]! >= minSize) return { msg: i + 1, offset: before + Math.floor(sizes[i]! / 2) };
    before += sizes[i]!;
  }
  throw new Error(`no message of at least ${minSize} bytes after ${fraction} of the mailbox`);
}
