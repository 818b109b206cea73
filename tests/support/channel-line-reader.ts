/**
 * Reads CRLF lines and dot-terminated multi-line responses off a ByteChannel, for tests
 * that speak raw POP3 to check a server or the harness itself without shared/pop3.
 * Deliberately naive (latin1, no dot-unstuffing): it is a probe, not a client.
 */
import type { ByteChannel } from '../../shared/pop3/index.ts';

export class ChannelLineReader {
  readonly #channel: ByteChannel;
  #buffer = '';

  constructor(channel: ByteChannel) {
    this.#channel = channel;
  }

  /** The next line without its CRLF, or null at EOF. */
  async line(): Promise<string | null> {
    for (;;) {
      const end = this.#buffer.indexOf('\r\n');
      if (end >= 0) {
        const line = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        return line;
      }
      const chunk = await this.#channel.read();
      if (chunk === null) return null;
      this.#buffer += Buffer.from(chunk).toString('latin1');
    }
  }

  /** Sends one command and returns the status line of the answer. */
  async command(text: string): Promise<string> {
    this.#channel.write(Buffer.from(`${text}\r\n`, 'latin1'));
    const status = await this.line();
    if (status === null) throw new Error(`connection closed while waiting for the answer to ${text.split(' ')[0]}`);
    return status;
  }

  /** Sends a command whose +OK answer is multi-line; returns the status and the lines before ".". */
  async multiline(text: string): Promise<{ status: string; lines: string[] }> {
    const status = await this.command(text);
    const lines: string[] = [];
    if (!status.startsWith('+OK')) return { status, lines };
    for (;;) {
      const line = await this.line();
      if (line === null) throw new Error(`connection closed inside the answer to ${text.split(' ')[0]}`);
      if (line === '.') return { status, lines };
      lines.push(line);
    }
  }
}
