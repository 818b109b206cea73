import type { ErrorCodeTable } from '../errors/index.ts';

/**
 * Codes of the browser's own TLS to the mail server (end-to-end targets, docs/E2E-TLS.md).
 * Each one ends the session before any POP3 byte, so before the password, is sent.
 */
export const TLS_ERROR_CODES = {
  TLS_ERR_HOST_MISMATCH: { side: 'remote', summary: 'The mail server\'s certificate is not for the host name the account names.' },
  TLS_ERR_CERT_EXPIRED: { side: 'remote', summary: 'A certificate in the mail server\'s chain has expired or is not valid yet.' },
  TLS_ERR_UNKNOWN_CA: { side: 'remote', summary: 'The mail server\'s certificate chain does not lead to a root certificate Satchel trusts.' },
  TLS_ERR_BAD_CERTIFICATE: { side: 'remote', summary: 'The mail server\'s certificate chain is invalid (a signature, a CA flag or a key usage is wrong).' },
  TLS_ERR_VERSION: { side: 'remote', summary: 'The mail server does not offer TLS 1.3, which end-to-end encryption needs.' },
  TLS_ERR_HANDSHAKE: { side: 'remote', summary: 'The TLS handshake with the mail server failed (an algorithm Satchel lacks, an alert, or malformed data).' },
  TLS_ERR_RECORD: { side: 'remote', summary: 'Data from the mail server failed TLS authentication after the handshake.' },
  TLS_ERR_MODE_MISMATCH: { side: 'remote', summary: 'The bridge connected this account in a different encryption mode than the account was set up with.' },
} as const satisfies ErrorCodeTable;

export type TlsErrorCode = keyof typeof TLS_ERROR_CODES;
