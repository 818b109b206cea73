import type { Pop3Capabilities } from './capabilities.ts';
import { Pop3LocalProtocolError } from './errors.ts';
import { LoginMechanism } from './sasl/login.ts';
import { OAuthBearerMechanism } from './sasl/oauthbearer.ts';
import { PlainMechanism } from './sasl/plain.ts';
import { ScramSha256Mechanism } from './sasl/scram-sha-256.ts';
import type { SaslMechanism } from './sasl/sasl-mechanism.ts';
import { XOAuth2Mechanism } from './sasl/xoauth2.ts';

export type Pop3LoginMechanism = 'auto' | 'USER' | 'APOP' | SaslMechanismName;

type SaslMechanismName = keyof typeof SASL_MECHANISMS;

export interface Pop3Credentials {
  user: string;
  /** The password, or the OAuth access token for XOAUTH2 and OAUTHBEARER. Never logged. */
  password: string;
  /** 'auto' picks PLAIN if the server offers it, else USER/PASS. @default 'auto' */
  mechanism?: Pop3LoginMechanism;
}

/** RFC 5034: the SASL mechanisms Pop3Session can log in with, each built from the user and password (or token). */
const SASL_MECHANISMS = {
  PLAIN: PlainMechanism,
  LOGIN: LoginMechanism,
  XOAUTH2: XOAuth2Mechanism,
  OAUTHBEARER: OAuthBearerMechanism,
  'SCRAM-SHA-256': ScramSha256Mechanism,
} satisfies Record<string, new (user: string, password: string) => SaslMechanism>;

export function saslMechanism(name: SaslMechanismName, user: string, password: string): SaslMechanism {
  return new SASL_MECHANISMS[name](user, password);
}

/**
 * The mechanism to log in with, from the one asked for and what the server said: its
 * capabilities (null when CAPA was not read or refused) and its greeting's APOP timestamp.
 * Throws POP3_ERR_MECHANISM_UNAVAILABLE when the server is known not to offer it.
 */
export function chooseMechanism(asked: Pop3LoginMechanism, caps: Pop3Capabilities | null, apopTimestamp: string | null): Exclude<Pop3LoginMechanism, 'auto'> {
  if (asked === 'auto') return caps?.sasl.includes('PLAIN') ? 'PLAIN' : 'USER';
  if (asked === 'APOP' && apopTimestamp === null) {
    throw new Pop3LocalProtocolError('POP3_ERR_MECHANISM_UNAVAILABLE', 'the greeting had no APOP timestamp');
  }
  if (asked !== 'USER' && asked !== 'APOP' && caps !== null && !caps.sasl.includes(asked)) {
    throw new Pop3LocalProtocolError('POP3_ERR_MECHANISM_UNAVAILABLE', `the server does not offer SASL ${asked}`);
  }
  return asked;
}
