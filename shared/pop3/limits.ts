/** Bounds on everything the server sends, so that a hostile server cannot exhaust memory. */
export interface Pop3Limits {
  /**
   * Longest status, listing or capability line, in octets without CRLF. RFC 2449 §4 caps
   * responses at 512 octets; we allow more for lax servers.
   * @default 8192
   */
  maxLineLength: number;
  /** Largest RETR or TOP body, after dot-unstuffing. @default 64 MiB */
  maxMessageSize: number;
  /** Most entries in one LIST or UIDL listing. @default 1_000_000 */
  maxListingEntries: number;
  /** Most lines in one CAPA listing. @default 1000 */
  maxCapaLines: number;
}

export const DEFAULT_POP3_LIMITS: Readonly<Pop3Limits> = Object.freeze({
  maxLineLength: 8192,
  maxMessageSize: 64 * 1024 * 1024,
  maxListingEntries: 1_000_000,
  maxCapaLines: 1000,
});

export function resolveLimits(limits: Partial<Pop3Limits> | undefined): Pop3Limits {
  return { ...DEFAULT_POP3_LIMITS, ...limits };
}
