/**
 * A client-side SASL mechanism (RFC 4422) as POP3 AUTH uses it (RFC 5034): everything in
 * base64. `initialResponse` is null when the mechanism has none; '' is an empty one (sent as
 * '=' on the AUTH line).
 */
export interface SaslMechanism {
  readonly name: string;
  initialResponse(): string | null;
  /**
   * The answer to a server challenge. Throws (or rejects) to cancel the exchange. May be
   * async, for mechanisms that need crypto.subtle (SCRAM).
   */
  respond(challenge: string): string | Promise<string>;
}
