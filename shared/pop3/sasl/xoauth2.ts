import { base64Utf8 } from '../../bytes/index.ts';
import type { SaslMechanism } from './sasl-mechanism.ts';

/**
 * XOAUTH2 (Google's and Microsoft's OAuth 2.0 mechanism): "user=" U ^A "auth=Bearer " T ^A ^A.
 * On failure the server sends a base64 JSON error as a challenge; the client answers it with
 * an empty response and the server then says -ERR.
 */
export class XOAuth2Mechanism implements SaslMechanism {
  readonly name = 'XOAUTH2';
  readonly #message: string;

  constructor(user: string, accessToken: string) {
    this.#message = `user=${user}\x01auth=Bearer ${accessToken}\x01\x01`;
  }

  initialResponse(): string {
    return base64Utf8(this.#message);
  }

  respond(_challenge = ''): string {
    return '';
  }
}
