import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * The id a bridge uses when its config names none: 8 base64url characters of a hash of the
 * host name and the port it listens on. Stable across restarts, different for two bridges on
 * one host, and it does not publish the host name in every resume token.
 */
export function derivedBridgeId(port: number): string {
  return createHash('sha256').update(`${hostname()}:${port}`).digest('base64url').slice(0, 8);
}
