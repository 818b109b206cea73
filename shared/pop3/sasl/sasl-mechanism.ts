/**
 * A client-side SASL mechanism (RFC 4422) as POP3 AUTH uses it (RFC 5034): everything in
 * base64. `initialResponse` is null when the mechanism has none; '' is an empty one (sent as
 * '=' on the AUTH line).
 */
export interface SaslMechanism {
  readonly name: string;
  initialResponse(): string | null;
  /** The answer to a server challenge. Throws to cancel the exchange. */
  respond(challenge: string): string;
}
