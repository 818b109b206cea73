import { base64Utf8 } from '../../bytes/index.ts';
import type { SaslMechanism } from './sasl-mechanism.ts';

/** RFC 4616 PLAIN: authzid NUL authcid NUL passwd, sent as the initial response. */
export class PlainMechanism implements SaslMechanism {
  readonly name = 'PLAIN';
  readonly #message: string;

  /** @param authzid who to act as; '' (the default) means the user itself. */
  constructor(user: string, password: string, authzid = '') {
    if ([user, password, authzid].some((part) => part.includes('\0'))) throw new TypeError('PLAIN fields cannot contain NUL');
    this.#message = `${authzid}\0${user}\0${password}`;
  }

  initialResponse(): string {
    return base64Utf8(this.#message);
  }

  /** RFC 4616 §2: a server that did not take the initial response sends an empty challenge. */
  respond(_challenge = ''): string {
    return base64Utf8(this.#message);
  }
}
