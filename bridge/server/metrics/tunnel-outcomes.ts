import { isTunnelErrorCode, type TunnelErrorCode } from '../../../shared/tunnel/index.ts';
import type { LogEntry } from '../../logging/index.ts';

/**
 * Which log events are refusals and which are mail-server errors, by their stable codes.
 * Metrics take their label values only from these tables and the operator's target names,
 * never from what a browser typed, so no label can carry a user's address, a host name or
 * mail (DESIGN.md invariant 6).
 */

/** The bridge said no on behalf of its config or its limits (the tunnel's `tunnel-closed` carries the code). */
const TUNNEL_REFUSALS: ReadonlySet<TunnelErrorCode> = new Set<TunnelErrorCode>([
  'TUNNEL_ERR_TARGET_UNKNOWN',
  'TUNNEL_ERR_TARGET_DENIED',
  'TUNNEL_ERR_TOO_MANY_CONNECTIONS',
  'TUNNEL_ERR_FRAME_TOO_LARGE',
  'TUNNEL_ERR_FLOOD',
  'TUNNEL_ERR_NOT_TLS',
  'TUNNEL_ERR_RESUME_DENIED',
  'TUNNEL_ERR_RESUME_GAP',
]);

/** Every refusal code, for series that exist at 0 before the first refusal. */
export const REFUSAL_CODES: readonly string[] = [
  'TUNNEL_ERR_ORIGIN_DENIED',
  'BRIDGE_ERR_TOO_MANY_CONNECTIONS',
  'TUNNEL_ERR_RESUME_EXPIRED',
  ...TUNNEL_REFUSALS,
];

/** Reaching the mail server failed: DNS, TCP, TLS (certificate, name, handshake), or STLS. */
const UPSTREAM_ERRORS: ReadonlySet<TunnelErrorCode> = new Set<TunnelErrorCode>([
  'TUNNEL_ERR_DNS',
  'TUNNEL_ERR_CONNECT',
  'TUNNEL_ERR_TLS',
  'TUNNEL_ERR_STLS_UNAVAILABLE',
  'TUNNEL_ERR_STLS_REFUSED',
  'TUNNEL_ERR_UPSTREAM_PROTOCOL',
]);

/** A `tunnel-closed` code as a label value: the code, `none` for a clean end. */
export function closeCodeLabel(entry: LogEntry): string {
  if (entry.code === null || entry.code === undefined) return 'none';
  return isTunnelErrorCode(entry.code) ? entry.code : 'other';
}

/** The refusal code a log entry records, or null when it records none. */
export function refusalOf(entry: LogEntry): string | null {
  switch (entry.event) {
    // Dropped before a byte was parsed.
    case 'connection-refused':
      return 'BRIDGE_ERR_TOO_MANY_CONNECTIONS';
    // Refused at the upgrade, before any session exists (with an `id`, the session's own
    // `tunnel-closed` counts it instead).
    case 'tunnel-refused':
      return entry.id === undefined && entry.code === 'TUNNEL_ERR_ORIGIN_DENIED' ? entry.code : null;
    case 'tunnel-closed': {
      const code = entry.code;
      if (!isTunnelErrorCode(code)) return null;
      if (TUNNEL_REFUSALS.has(code)) return code;
      // A `resume` naming no live session. Its tunnel never opened a target; a parked session
      // whose grace ran out ends with the same code, but with its target.
      if (code === 'TUNNEL_ERR_RESUME_EXPIRED' && entry.target === null) return code;
      return null;
    }
    default:
      return null;
  }
}

/** The mail-server error a `tunnel-closed` entry records, or null. */
export function upstreamErrorOf(entry: LogEntry): TunnelErrorCode | null {
  if (entry.event !== 'tunnel-closed' || !isTunnelErrorCode(entry.code)) return null;
  return UPSTREAM_ERRORS.has(entry.code) ? entry.code : null;
}
