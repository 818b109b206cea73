/**
 * A TCP relay in front of the bridge that writes down the head of every HTTP request passing
 * through it. The leak proxy cannot see requests for the app's own origin (Chromium sends
 * loopback direct), so the page is loaded through this relay instead: a message's relative
 * URL, or anything else a frame asks of the app's origin, is seen here with its Sec-Fetch-*
 * headers. Bytes go through unchanged (Host and Origin stay the relay's, so the bridge's
 * same-origin check holds); after a WebSocket upgrade the relay only copies.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface RelayedRequest {
  method: string;
  path: string;
  /** Sec-Fetch-Site: `same-origin` for the app itself; a sandboxed (opaque-origin) frame's requests say `cross-site`. */
  site: string;
  /** Sec-Fetch-Dest: document, iframe, image, style, font, script, empty, … */
  dest: string;
  at: number;
}

export interface RecordingRelay {
  url: string;
  requests: RelayedRequest[];
  close(): Promise<void>;
}

/** Parses request heads out of one client→server byte stream; stops at an upgrade or a body it cannot measure. */
class RequestHeadReader {
  #buffer = Buffer.alloc(0);
  #skipBytes = 0;
  #passThrough = false;
  readonly #onRequest: (request: RelayedRequest) => void;

  constructor(onRequest: (request: RelayedRequest) => void) {
    this.#onRequest = onRequest;
  }

  push(chunk: Buffer): void {
    if (this.#passThrough) return;
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      if (this.#skipBytes > 0) {
        const skipped = Math.min(this.#skipBytes, this.#buffer.length);
        this.#buffer = this.#buffer.subarray(skipped);
        this.#skipBytes -= skipped;
        if (this.#skipBytes > 0) return;
      }
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = this.#buffer.subarray(0, end).toString('latin1').split('\r\n');
      this.#buffer = this.#buffer.subarray(end + 4);
      const [method = '', path = ''] = (lines[0] ?? '').split(' ');
      const header = (name: string) => lines.find((line) => line.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
      this.#onRequest({ method, path, site: header('sec-fetch-site'), dest: header('sec-fetch-dest'), at: Date.now() });
      if (header('upgrade') !== '' || header('transfer-encoding') !== '') {
        this.#passThrough = true;
        return;
      }
      this.#skipBytes = Number(header('content-length')) || 0;
    }
  }
}

export async function startRecordingRelay(target: { host: string; port: number }): Promise<RecordingRelay> {
  const requests: RelayedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const reader = new RequestHeadReader((request) => requests.push(request));
    client.on('data', (chunk: Buffer) => reader.push(chunk));
    client.pipe(upstream);
    upstream.pipe(client);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('recording relay: no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
