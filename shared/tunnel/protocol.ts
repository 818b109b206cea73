import { TunnelError } from './tunnel-error.ts';

/**
 * The messages between browser and bridge on the `/tunnel` WebSocket.
 *
 * Control messages are JSON in text frames, tagged by `type` and carrying the protocol
 * version `v`. POP3 bytes travel in binary frames, in both directions, and only after the
 * bridge has sent `ready`. The bridge never parses those bytes as mail.
 */
export const TUNNEL_PROTOCOL_VERSION = 1 as const;

/** How the bridge reaches a target: implicit TLS (995), STLS on 110, or loopback plaintext. */
export type TlsMode = 'implicit' | 'starttls' | 'plaintext';

/** What `GET /targets` publishes for the account form. Never credentials. */
export interface TargetInfo {
  name: string;
  label: string;
  tls: TlsMode;
  /**
   * Set for an end-to-end target: the bridge relays ciphertext and the browser does TLS itself,
   * verifying the certificate against this host name (which the account then keeps).
   */
  endToEnd?: { host: string };
}

/**
 * Browser → bridge.
 *
 * Resumption is additive within version 1 (a bridge or browser that knows none of it keeps
 * working): `open.resumable` asks for it, and only then does `ready` carry `resume`, does the
 * bridge retain downstream bytes, and may the browser send `ack`. A plain client therefore
 * never fills a retained buffer it does not know it has to acknowledge.
 *
 * - `ack.received`: POP3 bytes the browser has received from the bridge since `ready`; the
 *   bridge may forget them. The bridge answers with its own `ack` (what it received from the
 *   browser), which doubles as the browser's liveness signal.
 * - `open.routable`: the browser resumes at `/tunnel?resume=<bridge id>` (resume-route.ts), so
 *   the bridge may start the token with its id. A browser from before bridge ids does not send
 *   it and gets a token without one, which it can still parse.
 * - `resume`, as the first message on a new WebSocket: `received` is what the browser has
 *   (the bridge replays from there), `sent` is how many bytes it has written in all.
 */
export type ClientMessage =
  | { type: 'open'; v: typeof TUNNEL_PROTOCOL_VERSION; target: string; resumable?: true; routable?: true }
  | { type: 'ack'; v: typeof TUNNEL_PROTOCOL_VERSION; received: number }
  | { type: 'resume'; v: typeof TUNNEL_PROTOCOL_VERSION; sessionId: string; token: string; received: number; sent: number };

/** What `ready` carries for a resumable session. The token is a bearer secret: never log it, never put it in a URL. */
export interface ResumeGrant {
  sessionId: string;
  token: string;
}

/**
 * Bridge → browser.
 *
 * `ready.greeting` says what the POP3 client should expect first:
 * - `relayed`: the server's greeting follows in the byte stream.
 * - `consumed`: the bridge did STLS itself; RFC 2595 §4 gives no new greeting after TLS, and
 *   everything learned before TLS is forgotten (DESIGN.md invariant 5), so the client starts in
 *   the AUTHORIZATION state with no greeting and no APOP timestamp, and sends CAPA again.
 *
 * `ready.endToEnd`: the bridge did no TLS and relays the server's raw bytes; the browser does
 * TLS (and STLS first when `tls` is `starttls`) itself. `greeting` is then always `relayed`.
 */
export type BridgeMessage =
  | { type: 'ready'; v: typeof TUNNEL_PROTOCOL_VERSION; target: string; tls: TlsMode; greeting: 'relayed' | 'consumed'; endToEnd?: true; resume?: ResumeGrant }
  | { type: 'error'; v: typeof TUNNEL_PROTOCOL_VERSION; code: string; message: string }
  | { type: 'upstream-closed'; v: typeof TUNNEL_PROTOCOL_VERSION }
  /**
   * POP3 bytes the bridge has received from the browser since `ready`: the browser may forget
   * them. `wanted`: the bridge has stopped reading the server until the browser acks (its
   * retained buffer is full before the browser's next ack was due), so ack now.
   */
  | { type: 'ack'; v: typeof TUNNEL_PROTOCOL_VERSION; received: number; wanted?: true }
  /**
   * The answer to `resume`: `received` is what the bridge got from the browser (the browser
   * re-sends from there), `token` replaces the old one (a token is good for one resume).
   * The bridge then replays its bytes from the browser's `received`.
   */
  | { type: 'resumed'; v: typeof TUNNEL_PROTOCOL_VERSION; received: number; token: string };

/** Control messages are tiny; anything larger is refused before JSON.parse sees it. */
const MAX_CONTROL_MESSAGE_BYTES = 1024;

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isValidTargetName(name: unknown): name is string {
  return typeof name === 'string' && TARGET_NAME.test(name);
}

/**
 * 32 random bytes in base64url without padding (RFC 4648 §5), exactly 43 characters, after
 * the issuing bridge's id and a dot when it has one (resume-route.ts).
 */
const RESUME_TOKEN = /^(?:[A-Za-z0-9_-]{1,32}\.)?[A-Za-z0-9_-]{43}$/;
/** A session id is random too, but not secret; 16–64 base64url or UUID characters. */
const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

export function isValidResumeToken(token: unknown): token is string {
  return typeof token === 'string' && RESUME_TOKEN.test(token);
}

function isValidSessionId(id: unknown): id is string {
  return typeof id === 'string' && SESSION_ID.test(id);
}

/** Byte counters: whole, non-negative and exact in a double (2^53 bytes is 8 PiB). */
function isByteCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function parseObject(text: string): Record<string, unknown> {
  if (text.length > MAX_CONTROL_MESSAGE_BYTES) {
    throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', `control message longer than ${MAX_CONTROL_MESSAGE_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'control message is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'control message is not an object');
  }
  const record = value as Record<string, unknown>;
  if (record.v !== TUNNEL_PROTOCOL_VERSION) {
    throw new TunnelError('TUNNEL_ERR_VERSION', `unsupported tunnel protocol version ${String(record.v)}`);
  }
  return record;
}

/** Parses what a browser sent. Throws TunnelError with a stable code. */
export function parseClientMessage(text: string): ClientMessage {
  const record = parseObject(text);
  switch (record.type) {
    case 'open':
      if (!isValidTargetName(record.target)) {
        throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'open needs a target name');
      }
      if (record.resumable !== undefined && record.resumable !== true) {
        throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'open.resumable must be true or absent');
      }
      if (record.routable !== undefined && (record.routable !== true || record.resumable !== true)) {
        throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'open.routable must be true or absent, and only with resumable');
      }
      if (record.resumable !== true) return { type: 'open', v: TUNNEL_PROTOCOL_VERSION, target: record.target };
      return record.routable === true
        ? { type: 'open', v: TUNNEL_PROTOCOL_VERSION, target: record.target, resumable: true, routable: true }
        : { type: 'open', v: TUNNEL_PROTOCOL_VERSION, target: record.target, resumable: true };
    case 'ack':
      if (!isByteCount(record.received)) throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'ack needs a byte count');
      return { type: 'ack', v: TUNNEL_PROTOCOL_VERSION, received: record.received };
    case 'resume':
      if (!isValidSessionId(record.sessionId) || !isValidResumeToken(record.token) || !isByteCount(record.received) || !isByteCount(record.sent)) {
        throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'resume needs sessionId, token, received and sent');
      }
      return { type: 'resume', v: TUNNEL_PROTOCOL_VERSION, sessionId: record.sessionId, token: record.token, received: record.received, sent: record.sent };
  }
  throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'unknown control message type');
}

/** Parses what the bridge sent. Throws TunnelError with a stable code. */
export function parseBridgeMessage(text: string): BridgeMessage {
  const record = parseObject(text);
  switch (record.type) {
    case 'ready': {
      const tls = record.tls;
      const greeting = record.greeting;
      if (
        typeof record.target === 'string' &&
        (tls === 'implicit' || tls === 'starttls' || tls === 'plaintext') &&
        (greeting === 'relayed' || greeting === 'consumed')
      ) {
        const ready = { type: 'ready', v: TUNNEL_PROTOCOL_VERSION, target: record.target, tls, greeting, ...(record.endToEnd === true ? { endToEnd: true as const } : {}) } as const;
        if (record.resume === undefined) return ready;
        const grant = record.resume as Record<string, unknown> | null;
        if (typeof grant === 'object' && grant !== null && isValidSessionId(grant.sessionId) && isValidResumeToken(grant.token)) {
          return { ...ready, resume: { sessionId: grant.sessionId, token: grant.token } };
        }
      }
      break;
    }
    case 'ack':
      if (isByteCount(record.received)) return { type: 'ack', v: TUNNEL_PROTOCOL_VERSION, received: record.received, ...(record.wanted === true ? { wanted: true } : {}) };
      break;
    case 'resumed':
      if (isByteCount(record.received) && isValidResumeToken(record.token)) {
        return { type: 'resumed', v: TUNNEL_PROTOCOL_VERSION, received: record.received, token: record.token };
      }
      break;
    case 'error':
      if (typeof record.code === 'string' && typeof record.message === 'string') {
        return { type: 'error', v: TUNNEL_PROTOCOL_VERSION, code: record.code, message: record.message };
      }
      break;
    case 'upstream-closed':
      return { type: 'upstream-closed', v: TUNNEL_PROTOCOL_VERSION };
  }
  throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'malformed bridge message');
}

export function encodeMessage(message: ClientMessage | BridgeMessage): string {
  return JSON.stringify(message);
}
