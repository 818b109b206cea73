/**
 * Every error code the tunnel layer (browser ↔ bridge) can produce, with what it means.
 * The UI picks its wording from the code, never from an error's message text.
 * docs/ERROR-CODES.md documents the same table; a unit test keeps the two in step.
 *
 * `side` says who broke what: `local` is this side's own mistake or limit; `remote` is the
 * peer (the browser, the bridge or the mail server) or the network.
 */
import type { ErrorCodeTable } from '../errors/index.ts';

export const TUNNEL_ERROR_CODES = {
  TUNNEL_ERR_BAD_MESSAGE: { side: 'remote', summary: 'A control message was not valid JSON of a known type.' },
  TUNNEL_ERR_VERSION: { side: 'remote', summary: 'The peer speaks another tunnel protocol version.' },
  TUNNEL_ERR_NOT_OPEN: { side: 'remote', summary: 'POP3 bytes arrived before the tunnel was ready.' },
  TUNNEL_ERR_ORIGIN_DENIED: { side: 'remote', summary: 'The page\'s Origin is not in the bridge\'s allowlist.' },
  TUNNEL_ERR_TARGET_UNKNOWN: { side: 'remote', summary: 'The bridge\'s config has no target of that name.' },
  TUNNEL_ERR_TARGET_DENIED: { side: 'remote', summary: 'The target resolved to an address the config does not allow (loopback, private, link-local, …).' },
  TUNNEL_ERR_DNS: { side: 'remote', summary: 'The target\'s host name did not resolve.' },
  TUNNEL_ERR_CONNECT: { side: 'remote', summary: 'The mail server refused or did not answer the TCP connection.' },
  TUNNEL_ERR_TLS: { side: 'remote', summary: 'The TLS handshake with the mail server failed, or its certificate or host name did not verify.' },
  TUNNEL_ERR_STLS_UNAVAILABLE: { side: 'remote', summary: 'The server does not offer STLS, and this target requires it.' },
  TUNNEL_ERR_STLS_REFUSED: { side: 'remote', summary: 'The server answered STLS with an error.' },
  TUNNEL_ERR_UPSTREAM_PROTOCOL: { side: 'remote', summary: 'The server sent something that is not POP3 before TLS was set up.' },
  TUNNEL_ERR_NOT_TLS: { side: 'remote', summary: 'On an end-to-end tunnel the browser sent bytes that are not TLS records (or, before STLS, a command other than CAPA, STLS or QUIT); the bridge refused to carry them to the mail server.' },
  TUNNEL_ERR_FRAME_TOO_LARGE: { side: 'remote', summary: 'A WebSocket frame exceeded the bridge\'s maxPayload.' },
  TUNNEL_ERR_TOO_MANY_CONNECTIONS: { side: 'remote', summary: 'The bridge is at its connection cap, in total or for this IP.' },
  TUNNEL_ERR_FLOOD: { side: 'remote', summary: 'The browser sent control messages (acks, pings) faster than the bridge\'s maxControlMessagesPerSecond.' },
  TUNNEL_ERR_TIMEOUT: { side: 'remote', summary: 'A handshake, idle or lifetime timeout ran out.' },
  TUNNEL_ERR_UPSTREAM_CLOSED: { side: 'remote', summary: 'The mail server closed the connection.' },
  TUNNEL_ERR_UPSTREAM_SILENT: { side: 'remote', summary: 'The mail server stopped answering: an answer was due, the link to the bridge was up, and no byte came for serverSilenceMs.' },
  TUNNEL_ERR_SHUTTING_DOWN: { side: 'remote', summary: 'The bridge is shutting down.' },
  TUNNEL_ERR_CLOSED: { side: 'remote', summary: 'The WebSocket to the bridge closed.' },
  TUNNEL_ERR_RESUME_EXPIRED: { side: 'remote', summary: 'The bridge no longer holds that session (its grace period ran out, or it never existed); start a new sync.' },
  TUNNEL_ERR_RESUME_DENIED: { side: 'remote', summary: 'The resume token did not match, or this IP made too many failed resume attempts.' },
  TUNNEL_ERR_RESUME_GAP: { side: 'remote', summary: 'The byte offsets in a resume fall outside what the other side still holds, so the stream cannot continue exactly.' },
  TUNNEL_ERR_RESUMED_ELSEWHERE: { side: 'remote', summary: 'A newer WebSocket resumed this session, so the bridge dropped this one.' },
  TUNNEL_ERR_RECONNECT_GAVE_UP: { side: 'remote', summary: 'The link stayed down longer than the client was willing to keep reconnecting.' },
  TUNNEL_ERR_INTERNAL: { side: 'local', summary: 'A bug in the bridge; the log has the details.' },
} as const satisfies ErrorCodeTable;

export type TunnelErrorCode = keyof typeof TUNNEL_ERROR_CODES;

export function isTunnelErrorCode(code: unknown): code is TunnelErrorCode {
  return typeof code === 'string' && Object.hasOwn(TUNNEL_ERROR_CODES, code);
}

/**
 * WebSocket close codes the bridge uses (RFC 6455 §7.4.2: 4000–4999 are for applications).
 * The close reason carries the TunnelErrorCode string.
 */
export const TUNNEL_CLOSE_CODE = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tooBig: 1009,
  internal: 1011,
  tunnelError: 4000,
} as const;
