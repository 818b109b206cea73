import { base64Utf8 } from '../../bytes/index.ts';
import type { SaslMechanism } from './sasl-mechanism.ts';

/**
 * LOGIN (draft-murchison-sasl-login): the server prompts "Username:" then "Password:". The
 * prompts are not standardised, so we answer by position, not by reading them.
 */
export class LoginMechanism implements SaslMechanism {
  readonly name = 'LOGIN';
  readonly #answers: string[];

  constructor(user: string, password: string) {
    this.#answers = [user, password];
  }

  initialResponse(): null {
    return null;
  }

  respond(_challenge = ''): string {
    const answer = this.#answers.shift();
    if (answer === undefined) throw new Error('LOGIN: unexpected third challenge');
    return base64Utf8(answer);
  }
}
