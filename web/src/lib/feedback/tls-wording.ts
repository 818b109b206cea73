import type { TlsErrorCode } from '../../../../shared/tls/error-codes.ts';

/** End-to-end accounts: Satchel's own TLS refused the mail server, so nothing was sent. */
export const TLS_WORDING = {
  TLS_ERR_HOST_MISMATCH: 'The mail server\'s certificate is for a different name, so Satchel did not send your password. Syncing again will not help until the certificate is fixed.',
  TLS_ERR_CERT_EXPIRED: 'The mail server\'s certificate has expired (or is not valid yet), so Satchel did not send your password. Check this device\'s clock; otherwise the server\'s administrator must renew it.',
  TLS_ERR_UNKNOWN_CA: 'The mail server\'s certificate is not from an authority Satchel trusts, so Satchel did not send your password.',
  TLS_ERR_BAD_CERTIFICATE: 'The mail server\'s certificate chain is not valid, so Satchel did not send your password.',
  TLS_ERR_VERSION: 'The mail server does not offer TLS 1.3, which end-to-end encryption needs. Your password was not sent; the bridge\'s administrator can offer this server without end-to-end encryption.',
  TLS_ERR_HANDSHAKE: 'Satchel could not set up end-to-end encryption with the mail server, so your password was not sent. The server may use a kind of key Satchel does not support yet.',
  TLS_ERR_RECORD: 'Data from the mail server failed its encryption check, so the sync stopped. Anything complete was kept; sync again.',
  TLS_ERR_MODE_MISMATCH: 'The bridge now connects this mail server differently than when the account was set up. Your password was not sent; open the account settings and save it again to accept the change.',
} as const satisfies Record<TlsErrorCode, string>;
