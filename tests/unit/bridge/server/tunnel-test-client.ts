/**
 * A tiny browser stand-in for the socket tests: opens /tunnel with an Origin, collects control
 * messages and binary bytes, and reports how the socket closed.
 */
import WebSocket from 'ws';
import { parseBridgeMessage, type BridgeMessage } from '../../../../shared/tunnel/index.ts';

export interface TestTunnel {
  ws: WebSocket;
  controls: BridgeMessage[];
  /** Resolves with the next control message (or one already received and not yet taken). */
  nextControl(): Promise<BridgeMessage>;
  /** Resolves once `text` has appeared in the binary bytes received so far. */
  waitForBytes(text: string): Promise<string>;
  received(): string;
  closed: Promise<{ code: number; reason: string }>;
  /** The Sec-WebSocket-Extensions header the bridge answered with ('' when none). */
  extensionsHeader: string;
}

function tunnelUrl(bridgeUrl: string): string {
  return `${bridgeUrl.replace(/^http/, 'ws')}/tunnel`;
}

export interface TestTunnelOptions {
  perMessageDeflate?: WebSocket.ClientOptions['perMessageDeflate'];
  /** More request headers (X-Forwarded-For, as a balancer would add). */
  headers?: Record<string, string>;
  /** The source address to connect from, e.g. 127.0.0.2 to play the balancer. */
  localAddress?: string;
}

export function openTestTunnel(bridgeUrl: string, origin: string | undefined, options: TestTunnelOptions = {}): Promise<TestTunnel> {
  const ws = new WebSocket(tunnelUrl(bridgeUrl), {
    headers: { ...(origin ? { Origin: origin } : {}), ...options.headers },
    perMessageDeflate: options.perMessageDeflate ?? false,
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  const controls: BridgeMessage[] = [];
  let taken = 0;
  const chunks: Buffer[] = [];
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const waiter of [...waiters]) waiter();
  };
  ws.on('message', (data, isBinary) => {
    if (isBinary) chunks.push(data as Buffer);
    else controls.push(parseBridgeMessage((data as Buffer).toString('utf8')));
    wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      wake();
      resolve({ code, reason: reason.toString('utf8') });
    });
  });
  const until = <T>(check: () => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      const attempt = (): void => {
        const value = check();
        if (value !== undefined) {
          waiters.delete(attempt);
          resolve(value);
        } else if (ws.readyState === WebSocket.CLOSED) {
          waiters.delete(attempt);
          reject(new Error(`socket closed while waiting; got ${JSON.stringify(controls)} and ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`));
        }
      };
      waiters.add(attempt);
      attempt();
    });
  const tunnel: TestTunnel = {
    ws,
    controls,
    nextControl: () => until(() => (controls.length > taken ? controls[taken++] : undefined)),
    waitForBytes: (text) => until(() => (Buffer.concat(chunks).toString('latin1').includes(text) ? Buffer.concat(chunks).toString('latin1') : undefined)),
    received: () => Buffer.concat(chunks).toString('latin1'),
    closed,
    extensionsHeader: '',
  };
  ws.once('upgrade', (response) => {
    tunnel.extensionsHeader = String(response.headers['sec-websocket-extensions'] ?? '');
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(tunnel));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { statusCode: res.statusCode })));
  });
}
