/**
 * Satchel's POP3 client, with no I/O (like h11):
 *
 *   const client = new Pop3Client();
 *   client.receive(bytesFromServer);                // any chunking
 *   for (let e = client.nextEvent(); e !== NEED_DATA; e = client.nextEvent()) handle(e);
 *   socket.write(client.send({ type: 'RETR', msg: 1 }));
 *
 * Pop3Session wraps it in promises over a ByteChannel. Errors: POP3_ERROR_CODES.
 */
export * from './errors.ts';
export * from './limits.ts';
export * from './commands.ts';
export * from './events.ts';
export * from './capabilities.ts';
export * from './pop3-client.ts';
export * from './dot-stuff.ts';
export * from './apop-digest.ts';
export * from './md5.ts';
export * from './sasl/index.ts';
export * from './byte-channel.ts';
export * from './pop3-session.ts';
export type { Pop3LoginMechanism } from './login-mechanism.ts';
export type { FetchRequest } from './pipelined-fetch.ts';
