import { isLoopbackAddress } from '../targets/address-ranges.ts';

/**
 * The Origin check at the WebSocket upgrade: the defence against cross-site WebSocket
 * hijacking (RFC 6455 §10.2). Browsers always send Origin on a WebSocket handshake, so a
 * missing Origin is refused too.
 *
 * @param origin the request's Origin header
 * @param allowedOrigins the configured list, or null for same-origin only
 * @param scheme 'https' when the page was served over TLS (by us or by a trusted proxy)
 * @param host the request's Host header
 * @param loopbackOnly same-origin mode on a bridge that listens on loopback: the Host must name
 *   loopback too. Otherwise a page on an attacker's name, rebound in DNS to 127.0.0.1, sends a
 *   matching Origin and Host and reaches the local bridge and its local targets (DNS rebinding).
 */
export function isOriginAllowed(
  origin: string | undefined,
  allowedOrigins: readonly string[] | null,
  scheme: 'http' | 'https',
  host: string | undefined,
  loopbackOnly = false,
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
  if (own !== origin) return false;
  return !loopbackOnly || namesLoopback(new URL(own).hostname);
}

/** `localhost`, or an IP literal in a loopback range (URL keeps IPv6 hosts in brackets). */
export function namesLoopback(hostname: string): boolean {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || isLoopbackAddress(bare);
}
