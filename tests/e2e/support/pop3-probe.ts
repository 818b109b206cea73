/**
 * The server's side of the story, asked directly (not through the bridge or the app): a
 * raw POP3 session over implicit TLS to the harness Dovecot. Read-only: it never sends DELE.
 */
import { readFile } from 'node:fs/promises';
import { ChannelLineReader } from '../../support/channel-line-reader.ts';
import { connectTls } from '../../support/node-byte-channel.ts';
import type { E2eEnvironment, E2eMailUser } from './e2e-environment.ts';

/** UIDL of every message in the user's maildrop, by message number (RFC 1939 §7). */
export async function serverUidls(e2e: E2eEnvironment, user: E2eMailUser): Promise<string[]> {
  return (await serverListing(e2e, user)).map((message) => message.uid);
}

/** UIDL and LIST size of every message, by message number: what RETR would send, octet for octet, for Dovecot. */
export async function serverListing(e2e: E2eEnvironment, user: E2eMailUser): Promise<Array<{ uid: string; size: number }>> {
  const { dovecot } = e2e;
  const channel = await connectTls(dovecot.host, dovecot.pop3sPort, { ca: await readFile(dovecot.caCertFile), servername: dovecot.tlsHostname });
  const reader = new ChannelLineReader(channel);
  try {
    const greeting = await reader.line();
    if (!greeting?.startsWith('+OK')) throw new Error(`POP3 greeting: ${greeting}`);
    for (const command of [`USER ${user.user}`, `PASS ${user.password}`]) {
      const status = await reader.command(command);
      if (!status.startsWith('+OK')) throw new Error(`${command.split(' ')[0]}: ${status}`);
    }
    // RFC 1939 §7: "msg uid" and "msg size", one pair a line.
    const pairs = async (command: string): Promise<Map<string, string>> => {
      const { status, lines } = await reader.multiline(command);
      if (!status.startsWith('+OK')) throw new Error(`${command}: ${status}`);
      return new Map(
        lines.map((line) => {
          const [number, value] = line.split(' ');
          if (number === undefined || value === undefined) throw new Error(`bad ${command} line ${JSON.stringify(line)}`);
          return [number, value];
        }),
      );
    };
    const uidl = await pairs('UIDL');
    const list = await pairs('LIST');
    // QUIT with no DELE: the UPDATE state removes nothing.
    await reader.command('QUIT');
    return [...uidl].map(([number, uid]) => ({ uid, size: Number(list.get(number)) }));
  } finally {
    channel.close();
  }
}
