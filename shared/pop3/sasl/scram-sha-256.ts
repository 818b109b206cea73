import { decodeBase64, encodeBase64 } from '../../bytes/index.ts';
import type { SaslMechanism } from './sasl-mechanism.ts';

const utf8 = new TextEncoder();

/**
 * RFC 7677 SCRAM-SHA-256 (the SCRAM of RFC 5802 with SHA-256), without channel binding
 * (gs2 header "n,,"), using only crypto.subtle. The password is used as given: SASLprep
 * (RFC 4013) is not applied, which matters only for non-ASCII passwords.
 *
 * Exchange: client-first (initial response) → server-first challenge → client-final with
 * proof → server-final challenge "v=…", which is verified before answering it with an
 * empty response (RFC 5034 §4: the server's final data arrives as a continuation).
 */
export class ScramSha256Mechanism implements SaslMechanism {
  readonly name = 'SCRAM-SHA-256';
  readonly #password: string;
  readonly #clientFirstBare: string;
  readonly #clientNonce: string;
  #expectedServerSignature: Uint8Array | null = null;
  #step = 0;

  /** @param options.clientNonce fixed nonce for tests; by default 18 random bytes, base64. */
  constructor(user: string, password: string, options: { clientNonce?: string } = {}) {
    this.#password = password;
    this.#clientNonce = options.clientNonce ?? encodeBase64(crypto.getRandomValues(new Uint8Array(18)));
    // RFC 5802 §5.1: "," and "=" in the user name are written as "=2C" and "=3D".
    const saslname = user.replace(/=/g, '=3D').replace(/,/g, '=2C');
    this.#clientFirstBare = `n=${saslname},r=${this.#clientNonce}`;
  }

  initialResponse(): string {
    return encodeBase64(utf8.encode(`n,,${this.#clientFirstBare}`));
  }

  async respond(challenge: string): Promise<string> {
    const message = new TextDecoder().decode(decodeBase64(challenge));
    this.#step++;
    if (this.#step === 1) return encodeBase64(utf8.encode(await this.#clientFinal(message)));
    if (this.#step === 2) {
      const verifier = attributes(message).get('v');
      if (verifier === undefined || this.#expectedServerSignature === null || !equal(decodeBase64(verifier), this.#expectedServerSignature)) {
        throw new Error('SCRAM: the server signature did not verify');
      }
      return '';
    }
    throw new Error('SCRAM: unexpected challenge');
  }

  async #clientFinal(serverFirst: string): Promise<string> {
    const attrs = attributes(serverFirst);
    const nonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterations = Number(attrs.get('i'));
    // RFC 5802 §5.1: the server nonce must extend ours, or this is not our exchange.
    if (nonce === undefined || !nonce.startsWith(this.#clientNonce) || salt === undefined) throw new Error('SCRAM: bad server-first message');
    if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > 10_000_000) throw new Error('SCRAM: bad iteration count');

    const passwordKey = await crypto.subtle.importKey('raw', bytes(this.#password), { name: 'PBKDF2' }, false, ['deriveBits']);
    const salted = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', salt: new Uint8Array(decodeBase64(salt)), iterations, hash: 'SHA-256' }, passwordKey, 256));
    const clientKey = await hmac(salted, 'Client Key');
    const storedKey = new Uint8Array(await crypto.subtle.digest('SHA-256', clientKey));
    const withoutProof = `c=biws,r=${nonce}`; // "biws" is base64("n,,")
    const authMessage = `${this.#clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = await hmac(storedKey, authMessage);
    const proof = clientKey.map((byte, i) => byte ^ clientSignature[i]!);
    this.#expectedServerSignature = await hmac(await hmac(salted, 'Server Key'), authMessage);
    return `${withoutProof},p=${encodeBase64(proof)}`;
  }
}

async function hmac(key: Uint8Array<ArrayBuffer>, message: string): Promise<Uint8Array<ArrayBuffer>> {
  const hmacKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, bytes(message)));
}

/** UTF-8 in a fresh ArrayBuffer, which is what crypto.subtle's BufferSource type asks for. */
function bytes(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(utf8.encode(text));
}

function attributes(message: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) map.set(part[0]!, part.slice(2));
  }
  return map;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
