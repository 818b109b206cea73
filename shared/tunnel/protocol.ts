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
}

/** Browser → bridge. */
export type ClientMessage = { type: 'open'; v: typeof TUNNEL_PROTOCOL_VERSION; target: string };

/**
 * Bridge → browser.
 *
 * `ready.greeting` says what the POP3 client should expect first:
 * - `relayed`: the server's greeting follows in the byte stream.
 * - `consumed`: the bridge did STLS itself; RFC 2595 §4 gives no new greeting after TLS, and
 *   everything learned before TLS is forgotten (DESIGN invariant 5), so the client starts in
 *   the AUTHORIZATION state with no greeting and no APOP timestamp, and sends CAPA again.
 */
export type BridgeMessage =
  | { type: 'ready'; v: typeof TUNNEL_PROTOCOL_VERSION; target: string; tls: TlsMode; greeting: 'relayed' | 'consumed' }
  | { type: 'error'; v: typeof TUNNEL_PROTOCOL_VERSION; code: string; message: string }
  | { type: 'upstream-closed'; v: typeof TUNNEL_PROTOCOL_VERSION };

/** Control messages are tiny; anything larger is refused before JSON.parse sees it. */
export const MAX_CONTROL_MESSAGE_BYTES = 1024;

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isValidTargetName(name: unknown): name is string {
  return typeof name === 'string' && TARGET_NAME.test(name);
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
  if (record.type === 'open') {
    if (!isValidTargetName(record.target)) {
      throw new TunnelError('TUNNEL_ERR_BAD_MESSAGE', 'open needs a target name');
    }
    return { type: 'open', v: TUNNEL_PROTOCOL_VERSION, target: record.target };
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
        return { type: 'ready', v: TUNNEL_PROTOCOL_VERSION, target: record.target, tls, greeting };
      }
      break;
    }
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
