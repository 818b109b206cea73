/**
 * The Origin check at the WebSocket upgrade: the defence against cross-site WebSocket
 * hijacking (RFC 6455 §10.2). Browsers always send Origin on a WebSocket handshake, so a
 * missing Origin is refused too.
 *
 * @param origin the request's Origin header
 * @param allowedOrigins the configured list, or null for same-origin only
 * @param scheme 'https' when the page was served over TLS (by us or by a trusted proxy)
 * @param host the request's Host header
 */
export function isOriginAllowed(
  origin: string | undefined,
  allowedOrigins: readonly string[] | null,
  scheme: 'http' | 'https',
  host: string | undefined,
): boolean {
  if (origin === undefined || origin === '' || origin === 'null') return false;
  if (allowedOrigins !== null) return allowedOrigins.includes(origin);
  if (host === undefined || host === '') return false;
  let own: string;
  try {
    // URL normalizes case and drops a default port, as the browser does for Origin (RFC 6454 §6.2).
    own = new URL(`${scheme}://${host}`).origin;
  } catch {
    return false;
  }
  return own === origin;
}
