import { md5Hex } from './md5.ts';

/**
 * RFC 1939 §7: the APOP digest is MD5 of the greeting's timestamp (angle brackets included)
 * followed by the shared secret, as 32 lower-case hex digits.
 */
export function apopDigest(timestamp: string, password: string): string {
  return md5Hex(new TextEncoder().encode(timestamp + password));
}
