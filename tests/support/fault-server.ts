/**
 * A scriptable POP3 server for misbehaviour a real server will not produce on cue: no STLS,
 * a refused STLS, bytes injected after the STLS +OK (the STARTTLS command-injection class,
 * CVE-2011-0411 and kin), a connection cut mid-message. Each connection runs `handler`
 * with a FaultSession; the handler writes exactly the bytes the test wants on the wire.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';

export interface FaultSession {
  /** Writes bytes as one socket write (strings as latin1, so every byte is exact). */
  write(bytes: string | Uint8Array): void;
  /** The next line from the client without its CRLF (or LF), or null at EOF. */
  readLine(): Promise<string | null>;
  /** Upgrades the connection to TLS in place, as the server side, with the PKI cert. */
  startTls(): Promise<void>;
  /** Half-closes after pending writes (FIN). */
  end(): void;
  /** Drops the connection at once (RST when possible). */
  destroy(): void;
  /** Resolves once the socket has flushed what was written (backpressure for large answers). */
  drained(): Promise<void>;
  /** Throws away what the client sent and was not read yet; returns how many bytes. */
  discardUnread(): number;
}

export interface FaultServerOptions {
  /** Certificate and key for startTls(). Without them, startTls() throws. */
  tls?: { certFile: string; keyFile: string };
}

export interface FaultServer {
  host: '127.0.0.1';
  port: number;
  close(): Promise<void>;
}

class SocketFaultSession implements FaultSession {
  #socket: Socket;
  #buffer = Buffer.alloc(0);
  #ended = false;
  #wake: (() => void) | undefined;
  readonly #context: SecureContext | undefined;

  constructor(socket: Socket, context: SecureContext | undefined) {
    this.#context = context;
    this.#socket = socket;
    this.#listen(socket);
  }

  #listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#notify();
    });
    socket.on('end', () => this.#finish());
    socket.on('close', () => this.#finish());
    // A client that resets is a normal event for a fault server; readLine() reports EOF.
    socket.on('error', () => this.#finish());
  }

  #finish(): void {
    this.#ended = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  write(bytes: string | Uint8Array): void {
    if (!this.#socket.destroyed) this.#socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  async readLine(): Promise<string | null> {
    for (;;) {
      const end = this.#buffer.indexOf(0x0a);
      if (end >= 0) {
        const line = this.#buffer.subarray(0, end).toString('latin1').replace(/\r$/, '');
        this.#buffer = this.#buffer.subarray(end + 1);
        return line;
      }
      if (this.#ended) return null;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  drained(): Promise<void> {
    if (this.#socket.destroyed || !this.#socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.#socket.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      this.#socket.once('drain', done);
      this.#socket.once('close', done);
    });
  }

  discardUnread(): number {
    const dropped = this.#buffer.length;
    this.#buffer = Buffer.alloc(0);
    return dropped;
  }

  async startTls(): Promise<void> {
    if (!this.#context) throw new Error('fault-server: startTls() needs the tls option');
    const plain = this.#socket;
    // Anything the client sent after STLS and before its ClientHello would be plaintext
    // smuggled into the TLS session; a correct server drops it, and so do we.
    this.#buffer = Buffer.alloc(0);
    plain.removeAllListeners('data');
    plain.removeAllListeners('end');
    plain.removeAllListeners('close');
    const secure = new TLSSocket(plain, { isServer: true, secureContext: this.#context });
    this.#socket = secure;
    this.#listen(secure);
    plain.on('error', () => this.#finish());
    await new Promise<void>((resolve, reject) => {
      secure.once('secure', () => resolve());
      secure.once('error', reject);
      secure.once('close', () => reject(new Error('fault-server: connection closed during the TLS handshake')));
    });
  }

  end(): void {
    this.#socket.end();
  }

  destroy(): void {
    this.#socket.resetAndDestroy?.();
    if (!this.#socket.destroyed) this.#socket.destroy();
  }
}

/** Starts the server on 127.0.0.1 and a free port. Each connection runs `handler` once. */
export async function startFaultServer(
  handler: (session: FaultSession) => Promise<void>,
  options: FaultServerOptions = {},
): Promise<FaultServer> {
  const context = options.tls
    ? createSecureContext({ cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) })
    : undefined;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const session = new SocketFaultSession(socket, context);
    handler(session).then(
      () => session.end(),
      // A script that throws (e.g. the client hung up mid-script) just drops the connection.
      () => session.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault-server: no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
