/**
 * The browser's only way out: Chromium is started with `--proxy-server` pointing here, so
 * every request for a host other than loopback (Chromium never proxies loopback) arrives at
 * this server, from whatever frame, process or worker made it, and whether or not Playwright
 * saw it. Nothing is forwarded and no name is resolved: each request is recorded and refused.
 *
 * A connection that sends no request (a preconnect) is recorded too, when it closes.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface LeakRecord {
  /** `GET http://host/path`, `CONNECT host:443`, or `(connection without a request)`. */
  requestLine: string;
  method: string;
  /** Absolute URL for plain http, host:port for CONNECT, '' for a bare connection. */
  target: string;
  /** The Accept header: `image/…` first for images. Absent for CONNECT. */
  accept: string;
  at: number;
}

export interface LeakProxy {
  /** For `--proxy-server=`. */
  url: string;
  records: LeakRecord[];
  close(): Promise<void>;
}

const MAX_HEAD_BYTES = 16 * 1024;

export async function startLeakProxy(): Promise<LeakProxy> {
  const records: LeakRecord[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let head = '';
    let recorded = false;
    socket.on('data', (chunk: Buffer) => {
      if (recorded) return;
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0 && head.length < MAX_HEAD_BYTES) return;
      recorded = true;
      const lines = head.slice(0, end < 0 ? head.length : end).split('\r\n');
      const requestLine = lines[0] ?? '';
      const [method = '', target = ''] = requestLine.split(' ');
      const accept = lines.find((line) => /^accept:/i.test(line))?.slice('accept:'.length).trim() ?? '';
      records.push({ requestLine, method, target, accept, at: Date.now() });
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      if (!recorded) records.push({ requestLine: '(connection without a request)', method: '', target: '', accept: '', at: Date.now() });
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('leak proxy: no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    records,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
