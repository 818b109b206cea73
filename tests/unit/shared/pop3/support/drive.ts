import { NEED_DATA, Pop3Client, type Pop3ClientOptions, type Pop3Command, type Pop3Event } from '../../../../../shared/pop3/index.ts';

export const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
export const latin1 = (data: Uint8Array): string => Array.from(data, (b) => String.fromCharCode(b)).join('');

/** Takes every event available now. */
export function drain(client: Pop3Client): Pop3Event[] {
  const events: Pop3Event[] = [];
  for (let event = client.nextEvent(); event !== NEED_DATA; event = client.nextEvent()) events.push(event);
  return events;
}

/** A client past the greeting, in AUTHORIZATION, optionally after a CAPA that offers `capa`. */
export function authorizedClient(options: Pop3ClientOptions & { capa?: string[] } = {}): Pop3Client {
  const client = new Pop3Client(options);
  client.receive(bytes('+OK ready <1.2@example.org>\r\n'));
  drain(client);
  if (options.capa) capa(client, options.capa);
  return client;
}

/** A client in TRANSACTION (logged in with USER/PASS), optionally after a CAPA offering `capa`. */
export function transactionClient(options: Pop3ClientOptions & { capa?: string[] } = {}): Pop3Client {
  const { capa: lines, ...rest } = options;
  const client = authorizedClient(rest);
  exchange(client, { type: 'USER', name: 'u' }, '+OK\r\n');
  exchange(client, { type: 'PASS', password: 'p' }, '+OK\r\n');
  if (lines) capa(client, lines);
  return client;
}

function capa(client: Pop3Client, lines: string[]): void {
  exchange(client, { type: 'CAPA' }, `+OK\r\n${lines.map((l) => `${l}\r\n`).join('')}.\r\n`);
}

/** Sends a command, feeds the server's answer, and returns the events. */
export function exchange(client: Pop3Client, command: Pop3Command, answer: string): Pop3Event[] {
  client.send(command);
  client.receive(bytes(answer));
  return drain(client);
}
