import net from 'node:net';
import tls from 'node:tls';
import { loadDemoMailbox, type DemoMessage } from './mailbox-loader.ts';
import { DemoPop3Conversation } from './demo-pop3-conversation.ts';

export interface DemoPop3ServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Connections served at once; more are greeted with -ERR [SYS/TEMP] and closed. @default 32 */
  maxConnections?: number;
  /** Close a connection after this long without a command. RFC 1939 §3 asks for at least 10 minutes. @default 600_000 */
  idleTimeoutMs?: number;
  /** Folder of `*.eml` files. @default the shipped bridge/demo/mailbox */
  mailboxDir?: string;
  /** PEM certificate and key: serve implicit TLS (as on port 995) instead of plaintext. For the bridge's load test. @default plaintext */
  tls?: { cert: string; key: string };
}

export interface DemoPop3Server {
  host: '127.0.0.1';
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/**
 * Starts the demo POP3 server on loopback only. Every connection gets a fresh session over
 * the same read-only mailbox (see DemoPop3Conversation for why deletions never stick).
 */
export async function startDemoPop3Server(options: DemoPop3ServerOptions = {}): Promise<DemoPop3Server> {
  const { port = 0, maxConnections = 32, idleTimeoutMs = 600_000 } = options;
  const mailbox = await loadDemoMailbox(options.mailboxDir);
  const sockets = new Set<net.Socket>();

  const onConnection = (socket: net.Socket): void => {
    if (sockets.size >= maxConnections) {
      // RFC 3206 §4: SYS/TEMP says "try again later", which is the truth here.
      socket.end('-ERR [SYS/TEMP] too many connections to the demo server, try again shortly\r\n');
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket, mailbox, idleTimeoutMs);
  };
  const server = options.tls ? tls.createServer({ cert: options.tls.cert, key: options.tls.key }, onConnection) : net.createServer(onConnection);
  // A client that fails its TLS handshake never reaches onConnection; nothing to report.
  server.on('tlsClientError', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('demo POP3 server has no TCP address');

  return {
    host: HOST,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function serveConnection(socket: net.Socket, mailbox: readonly DemoMessage[], idleTimeoutMs: number): void {
  const session = new DemoPop3Conversation(mailbox);
  let pending = ''; // latin1: one char per octet, so lengths are octet counts
  let finished = false;

  socket.setTimeout(idleTimeoutMs, () => {
    // RFC 1939 §3: an autologout timer closes the connection without entering UPDATE.
    finish('-ERR [SYS/TEMP] idle too long, closing\r\n');
  });
  socket.on('error', () => socket.destroy()); // a peer reset is routine; nothing to report
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    pump();
  });
  socket.on('drain', () => {
    socket.resume();
    pump();
  });
  socket.write(session.greeting());

  function finish(last: string | Buffer): void {
    finished = true;
    pending = '';
    socket.end(last);
  }

  /**
   * Answers every complete line in `pending`, in order: that is all PIPELINING needs
   * (RFC 2449 §6.6). When the socket's buffer is full it stops reading until 'drain', so a
   * client that pipelines many RETRs without reading cannot make the server hoard memory.
   */
  function pump(): void {
    while (!finished) {
      const limit = session.maxLineOctets;
      const newline = pending.indexOf('\n');
      // A line over the limit cannot be answered sensibly, and skipping to the next CRLF
      // could treat the tail of it as a command: say why, and close.
      if ((newline === -1 ? pending.length : newline + 1) > limit) {
        finish(`-ERR line longer than ${limit} octets (RFC 2449 §4)\r\n`);
        return;
      }
      if (newline === -1) return;
      // Lenient about a bare LF from hand-typed sessions (nc, telnet); CRLF is the norm.
      const line = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      const step = session.handleLine(line);
      if (step.close) {
        finish(step.reply);
        return;
      }
      if (!socket.write(step.reply)) {
        socket.pause();
        return;
      }
    }
  }
}
