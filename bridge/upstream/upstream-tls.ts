import { isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect as tlsConnect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import { TunnelError } from '../../shared/tunnel/index.ts';

const MIN_VERSION = 'TLSv1.2';

/**
 * One TLS context per CA list. Passing `ca` to tls.connect builds a fresh context for every
 * connection, parsing Node's ~140 roots plus the extra CA each time; the bridge's list is one
 * array for its whole life, so its context is built once.
 */
const contexts = new WeakMap<string[], SecureContext>();

function contextFor(ca: string[] | undefined): SecureContext | undefined {
  if (ca === undefined) return undefined;
  let context = contexts.get(ca);
  if (context === undefined) {
    context = createSecureContext({ ca, minVersion: MIN_VERSION });
    contexts.set(ca, context);
  }
  return context;
}

/**
 * Starts TLS on a connected socket with full verification: chain against `ca` (undefined =
 * Node's default roots), host name against the configured host (not the resolved address),
 * TLS 1.2 or later. SNI is sent only for host names (RFC 6066 §3 forbids IP literals), but an
 * IP host is still checked against the certificate's IP SANs.
 *
 * @param track receives the TLS socket at once, so a caller's timeout can destroy it mid-handshake
 */
export function startUpstreamTls(socket: Socket, host: string, ca: string[] | undefined, track: Socket[] = []): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({
      socket,
      servername: isIP(host) === 0 ? host : undefined,
      secureContext: contextFor(ca),
      rejectUnauthorized: true,
      minVersion: MIN_VERSION,
      checkServerIdentity: (_servername, cert) => checkServerIdentity(host, cert),
    });
    // Once wrapped, destroying the plain socket no longer closes the connection: track this one.
    track.push(secure);
    const onError = (error: Error & { code?: string }): void => {
      secure.destroy();
      reject(new TunnelError('TUNNEL_ERR_TLS', `TLS with ${host} failed: ${error.code ?? error.message}`));
    };
    secure.once('error', onError);
    secure.once('secureConnect', () => {
      secure.off('error', onError);
      resolve(secure);
    });
  });
}
