import type { IncomingMessage } from 'node:http';
import { parseIpAddress } from '../targets/ip-address.ts';

export function unmap(address: string): string {
  // The same IPv4 client must count once, whether it shows up as 1.2.3.4 or ::ffff:1.2.3.4.
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * The client IP for per-IP caps and logs. With trustProxy, the rightmost X-Forwarded-For
 * entry: the one our own proxy appended, the only one a client cannot forge.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = request.headers['x-forwarded-for'];
    const value = Array.isArray(header) ? header.join(',') : header;
    const last = value?.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last) return unmap(last);
  }
  return unmap(request.socket.remoteAddress ?? 'unknown');
}

/** The scheme the page was loaded over: ours, or the proxy's X-Forwarded-Proto when trusted. */
export function requestScheme(request: IncomingMessage, terminatesTls: boolean, trustProxy: boolean): 'http' | 'https' {
  if (trustProxy) {
    const header = request.headers['x-forwarded-proto'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
    if (first === 'https' || first === 'http') return first;
  }
  return terminatesTls ? 'https' : 'http';
}

/**
 * The key per-IP caps count under: an IPv4 address as it is, an IPv6 address by its /64.
 * One IPv6 host usually holds a whole /64 (RFC 7421) and can pick any address in it, so
 * counting full addresses would let it take every slot.
 */
export function limitKey(address: string): string {
  const parsed = parseIpAddress(address);
  if (parsed === null || parsed.family === 4) return address;
  const hextets: string[] = [];
  for (let i = 0; i < 8; i += 2) hextets.push(((parsed.bytes[i]! << 8) | parsed.bytes[i + 1]!).toString(16));
  return `${hextets.join(':')}::/64`;
}
