import type { TunnelErrorCode } from '../../../../shared/tunnel/error-codes.ts';

export const TUNNEL_WORDING = {
  TUNNEL_ERR_BAD_MESSAGE: 'Satchel and its bridge misunderstood each other. Reload the page; if it persists, the bridge may need an update.',
  TUNNEL_ERR_VERSION: 'This version of Satchel and the bridge do not match. Reload the page to get the newest version.',
  TUNNEL_ERR_NOT_OPEN: 'Satchel talked to the bridge before the connection was ready. Try syncing again.',
  TUNNEL_ERR_ORIGIN_DENIED: 'The bridge does not accept connections from this web address. Its administrator must allow it.',
  TUNNEL_ERR_TARGET_UNKNOWN: 'The bridge no longer offers this account\'s mail server. Pick another server in the account settings.',
  TUNNEL_ERR_TARGET_DENIED: 'The bridge is not allowed to connect to this mail server\'s address.',
  TUNNEL_ERR_DNS: 'The mail server\'s name could not be found. It may be a typo in the bridge\'s settings, or a network problem.',
  TUNNEL_ERR_CONNECT: 'The mail server did not answer. It may be down; try again later.',
  TUNNEL_ERR_TLS: 'The mail server\'s secure connection could not be verified, so Satchel did not send your password.',
  TUNNEL_ERR_STLS_UNAVAILABLE: 'The mail server does not offer encryption, and this account requires it. Your password was not sent.',
  TUNNEL_ERR_STLS_REFUSED: 'The mail server refused to switch to an encrypted connection. Your password was not sent.',
  TUNNEL_ERR_UPSTREAM_PROTOCOL: 'The server at this address did not behave like a mail server before encryption began.',
  TUNNEL_ERR_FRAME_TOO_LARGE: 'Satchel sent the bridge more data at once than it accepts. This is a bug; your stored mail is safe.',
  TUNNEL_ERR_TOO_MANY_CONNECTIONS: 'The bridge is busy with too many connections. Wait a minute and sync again.',
  TUNNEL_ERR_TIMEOUT: 'The connection was too slow and timed out. Anything complete was kept; the next sync continues from there.',
  TUNNEL_ERR_UPSTREAM_CLOSED: 'The mail server closed the connection. Anything complete was kept; the next sync continues from there.',
  TUNNEL_ERR_SHUTTING_DOWN: 'The bridge is restarting. Sync again in a moment.',
  TUNNEL_ERR_CLOSED: 'The connection to the bridge dropped. Anything complete was kept; the next sync continues from there.',
  TUNNEL_ERR_INTERNAL: 'The bridge hit an internal error. Your stored mail is safe; try again later.',
} as const satisfies Record<TunnelErrorCode, string>;
