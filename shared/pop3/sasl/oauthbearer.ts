import { base64Utf8 } from '../../bytes/index.ts';
import type { SaslMechanism } from './sasl-mechanism.ts';

/**
 * RFC 7628 OAUTHBEARER. The initial response is a GS2 header naming the user, then
 * key=value pairs separated by ^A. On failure the server sends a JSON error as a challenge
 * and the client must answer with a single ^A (RFC 7628 §3.2.3).
 */
export class OAuthBearerMechanism implements SaslMechanism {
  readonly name = 'OAUTHBEARER';
  readonly #message: string;

  /** @param options.host and options.port are optional kvpairs (RFC 7628 §3.1). */
  constructor(user: string, accessToken: string, options: { host?: string; port?: number } = {}) {
    // RFC 5801 §4: "," and "=" in a saslname are written as "=2C" and "=3D".
    const saslname = user.replace(/=/g, '=3D').replace(/,/g, '=2C');
    let pairs = '';
    if (options.host !== undefined) pairs += `host=${options.host}\x01`;
    if (options.port !== undefined) pairs += `port=${options.port}\x01`;
    this.#message = `n,a=${saslname},\x01${pairs}auth=Bearer ${accessToken}\x01\x01`;
  }

  initialResponse(): string {
    return base64Utf8(this.#message);
  }

  respond(_challenge = ''): string {
    return base64Utf8('\x01');
  }
}
