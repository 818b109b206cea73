import net from 'node:net';

/**
 * A deliberately plain POP3 client for the demo server's tests: it reads raw lines, so the
 * tests see exactly the octets the server sent (dot-stuffing included).
 */
export class Pop3LineClient {
  readonly socket: net.Socket;
  #buffer = '';
  #waiters: (() => void)[] = [];
  #ended = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer += chunk.toString('latin1');
      this.#wake();
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#wake();
    });
    socket.on('error', () => {});
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<Pop3LineClient> {
    const socket = net.connect(port, host);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new Pop3LineClient(socket);
  }

  /** Connects, reads the greeting and logs in with USER/PASS. */
  static async loggedIn(port: number, user = 'alice'): Promise<Pop3LineClient> {
    const client = await Pop3LineClient.connect(port);
    await client.readLine();
    client.write(`USER ${user}\r\nPASS demo\r\n`);
    await client.readLine();
    const pass = await client.readLine();
    if (!pass.startsWith('+OK')) throw new Error(`login failed: ${pass}`);
    return client;
  }

  write(text: string): void {
    this.socket.write(Buffer.from(text, 'latin1'));
  }

  /** The next line without its CRLF; rejects if the server closes first. */
  async readLine(): Promise<string> {
    for (;;) {
      const end = this.#buffer.indexOf('\r\n');
      if (end !== -1) {
        const line = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        return line;
      }
      if (this.#ended) throw new Error(`connection closed; unread: ${JSON.stringify(this.#buffer)}`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** A status line and, after +OK, the raw (still dot-stuffed) lines up to the "." terminator. */
  async readMultiLine(): Promise<{ status: string; lines: string[] }> {
    const status = await this.readLine();
    const lines: string[] = [];
    if (!status.startsWith('+OK')) return { status, lines };
    for (let line = await this.readLine(); line !== '.'; line = await this.readLine()) lines.push(line);
    return { status, lines };
  }

  /** Resolves once the server has closed the connection. */
  async closed(): Promise<void> {
    while (!this.#ended) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  end(): void {
    this.socket.destroy();
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}

/** RFC 1939 §3: removes the stuffed dot and joins lines back with CRLF, as stored. */
export function unstuff(lines: string[]): string {
  return lines.map((line) => (line.startsWith('.') ? line.slice(1) : line)).join('\r\n') + (lines.length > 0 ? '\r\n' : '');
}
