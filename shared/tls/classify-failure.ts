import type { TlsErrorCode } from './error-codes.ts';

/**
 * subtls (0.5.0, pinned) throws plain Errors; these are its messages for each failure, in
 * src/tls/verifyCerts.ts and startTls.ts. Anything else is a failed handshake: unknown text
 * still fails closed, it only gets the general code.
 */
const BY_MESSAGE: ReadonlyArray<readonly [RegExp, TlsErrorCode]> = [
  [/^No matching subjectAltName/, 'TLS_ERR_HOST_MISMATCH'],
  [/certificate is not valid now$/i, 'TLS_ERR_CERT_EXPIRED'],
  [/^Ran out of certificates without reaching a trusted root|did not end in a trusted root/, 'TLS_ERR_UNKNOWN_CA'],
  [/basicConstraints|pathLength|keyUsage|extKeyUsage|certificate verify failed|Unsupported signing/, 'TLS_ERR_BAD_CERTIFICATE'],
];

/** RFC 8446 §6.2 alert descriptions that say "no TLS 1.3 here". */
const VERSION_ALERTS = new Set([70 /* protocol_version */]);

/**
 * The code for a handshake failure. `alert` is the description of a fatal plaintext alert the
 * server sent in answer to our ClientHello, when there was one (subtls does not report it).
 */
export function classifyHandshakeFailure(error: unknown, alert: number | null): TlsErrorCode {
  if (alert !== null && VERSION_ALERTS.has(alert)) return 'TLS_ERR_VERSION';
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, code] of BY_MESSAGE) if (pattern.test(message)) return code;
  return 'TLS_ERR_HANDSHAKE';
}
