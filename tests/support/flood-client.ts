/**
 * A hostile browser stand-in for the flood tests: opens /tunnel with a forged Origin, and can
 * stop reading (ws.pause: its socket is no longer read, so the bridge's answers pile up on the
 * bridge's side, exactly as with a client that never reads).
 */
import WebSocket from 'ws';
import { parseBridgeMessage, type BridgeMessage } from '../../shared/tunnel/index.ts';

export interface FloodClient {
  ws: WebSocket;
  controls: BridgeMessage[];
  /** Resolves once a control message of `type` has arrived. */
  waitFor(type: BridgeMessage['type']): Promise<BridgeMessage>;
  /** Resolves once `text` has appeared in the binary bytes received. */
  waitForBytes(text: string): Promise<void>;
  closed: Promise<number>;
}

export async function connectFloodClient(bridgeUrl: string, origin: string): Promise<FloodClient> {
  const ws = new WebSocket(`${bridgeUrl.replace(/^http/, 'ws')}/tunnel`, { origin, perMessageDeflate: false, autoPong: false });
  const controls: BridgeMessage[] = [];
  let bytes = '';
  ws.on('message', (data, isBinary) => {
    if (isBinary) bytes += (data as Buffer).toString('latin1');
    else controls.push(parseBridgeMessage((data as Buffer).toString('utf8')));
  });
  ws.on('error', () => {});
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
  });
  const until = async (check: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (!check()) {
      if (Date.now() > deadline || ws.readyState === WebSocket.CLOSED) throw new Error(`no ${what}; got ${JSON.stringify(controls)} ${JSON.stringify(bytes.slice(-200))}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    ws,
    controls,
    waitFor: async (type) => {
      await until(() => controls.some((m) => m.type === type), type);
      return controls.find((m) => m.type === type)!;
    },
    waitForBytes: (text) => until(() => bytes.includes(text), JSON.stringify(text)),
    closed,
  };
}

/**
 * Sends `frame()` as fast as the client's own socket takes it, for `durationMs` or until the
 * socket closes. The client's buffer is kept small so that what grows, if anything, is the
 * bridge.
 */
export async function flood(client: FloodClient, frame: () => void, durationMs: number): Promise<number> {
  const end = Date.now() + durationMs;
  let sent = 0;
  while (Date.now() < end && client.ws.readyState === WebSocket.OPEN) {
    if (client.ws.bufferedAmount < 256 * 1024) {
      for (let i = 0; i < 200; i++) frame();
      sent += 200;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return sent;
}
