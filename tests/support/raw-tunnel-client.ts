/**
 * A bare tunnel client that speaks shared/tunnel/protocol.ts message by message: it sends
 * exactly the control message it is given (an `open`, a `resume` with any offsets or token)
 * and can drop its socket without a close frame, so a test can park a session, resume it, or
 * be refused, where openTunnel and openResumableTunnel would do the right thing instead.
 */
import WebSocket from 'ws';
import { TUNNEL_PROTOCOL_VERSION, encodeMessage, parseBridgeMessage, type BridgeMessage, type ClientMessage } from '../../shared/tunnel/index.ts';

type Distribute<T> = T extends unknown ? Omit<T, 'v'> : never;

export interface RawTunnel {
  ws: WebSocket;
  /** Every control message from the bridge so far. */
  messages: BridgeMessage[];
  /** POP3 bytes from the bridge so far, as latin1. */
  text(): string;
  /** POP3 bytes from the bridge so far. */
  received(): number;
  /** Resolves with the first message of `type` (already received or still to come). */
  message<T extends BridgeMessage['type']>(type: T, timeoutMs?: number): Promise<Extract<BridgeMessage, { type: T }>>;
  /** Resolves once the POP3 bytes received so far match `pattern`. */
  waitForText(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends POP3 bytes (a string is sent as latin1). */
  send(bytes: string | Uint8Array): void;
  /** Resolves with the close code and reason once the WebSocket has closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Drops the TCP connection with no close frame: the bridge sees 1006 and parks a resumable session. */
  cut(): void;
}

async function until<T>(what: string, timeoutMs: number, poll: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = poll();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`raw tunnel: no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Opens /tunnel at `url` with `origin` and sends `first` as the first message. */
export async function openRawTunnel(url: string, first: Distribute<ClientMessage>, origin: string): Promise<RawTunnel> {
  const ws = new WebSocket(url, { origin, perMessageDeflate: true });
  const messages: BridgeMessage[] = [];
  const chunks: Buffer[] = [];
  let closedAs: { code: number; reason: string } | undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => {
      closedAs = { code, reason: reason.toString() };
      resolve(closedAs);
    });
  });
  ws.on('error', () => {});
  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    if (isBinary) chunks.push(buffer);
    else messages.push(parseBridgeMessage(buffer.toString('utf8')));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)));
    ws.once('close', () => reject(new Error('closed before the upgrade')));
  });
  ws.send(encodeMessage({ ...first, v: TUNNEL_PROTOCOL_VERSION } as ClientMessage));
  const text = (): string => Buffer.concat(chunks).toString('latin1');
  return {
    ws,
    messages,
    text,
    received: () => chunks.reduce((total, chunk) => total + chunk.length, 0),
    message: (type, timeoutMs = 10_000) =>
      until(`${type} message`, timeoutMs, () => {
        const found = messages.find((m) => m.type === type);
        if (found === undefined && closedAs !== undefined) throw new Error(`raw tunnel closed (${closedAs.code} ${closedAs.reason}) without a ${type} message`);
        return found as never;
      }),
    waitForText: (pattern, timeoutMs = 10_000) => until(`text matching ${pattern}`, timeoutMs, () => (pattern.test(text()) ? text() : undefined)),
    send: (bytes) => ws.send(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, { binary: true }),
    closed,
    cut: () => ws.terminate(),
  };
}
