import { describe, expect, it } from 'vitest';
import { NEED_DATA, Pop3Client, Pop3RemoteProtocolError, type Pop3Command, type Pop3ErrorCode } from '../../../../shared/pop3/index.ts';
import { authorizedClient, bytes, drain, transactionClient } from './support/drive.ts';

interface Case {
  name: string;
  code: Pop3ErrorCode;
  /** Builds the client up to the point where the bad output arrives. */
  client: () => Pop3Client;
  command?: Pop3Command;
  server: string;
  eof?: boolean;
}

const fresh = (): Pop3Client => new Pop3Client({ limits: { maxLineLength: 100 } });
const trans = (): Pop3Client => transactionClient({ limits: { maxLineLength: 100, maxMessageSize: 50, maxListingEntries: 3, maxCapaLines: 2 } });
const auth = (): Pop3Client => authorizedClient({ limits: { maxCapaLines: 2 } });

const CASES: Case[] = [
  { name: 'a greeting that is not +OK', code: 'POP3_ERR_BAD_GREETING', client: fresh, server: 'HTTP/1.1 400 Bad Request\r\n' },
  { name: 'a -ERR greeting', code: 'POP3_ERR_GREETING_REJECTED', client: fresh, server: '-ERR [SYS/TEMP] too many connections\r\n' },
  { name: 'an overlong greeting with no line end', code: 'POP3_ERR_LINE_TOO_LONG', client: fresh, server: `+OK ${'x'.repeat(200)}` },
  { name: 'an overlong status line with a line end', code: 'POP3_ERR_LINE_TOO_LONG', client: trans, command: { type: 'NOOP' }, server: `+OK ${'x'.repeat(120)}\r\n` },
  { name: 'a greeting with no CRLF, then EOF', code: 'POP3_ERR_EOF', client: fresh, server: '+OK ready', eof: true },
  { name: 'EOF before any greeting', code: 'POP3_ERR_EOF', client: fresh, server: '', eof: true },
  { name: 'a garbage status line', code: 'POP3_ERR_BAD_STATUS', client: trans, command: { type: 'NOOP' }, server: 'OK fine\r\n' },
  { name: '"+OKAY" is not +OK', code: 'POP3_ERR_BAD_STATUS', client: trans, command: { type: 'NOOP' }, server: '+OKAY\r\n' },
  { name: 'a single UIDL answer with a control character', code: 'POP3_ERR_BAD_UIDL', client: trans, command: { type: 'UIDL', msg: 1 }, server: '+OK 1 abc\x01def\r\n' },
  { name: 'a LIST out of order', code: 'POP3_ERR_BAD_LISTING', client: trans, command: { type: 'LIST' }, server: '+OK\r\n2 10\r\n1 10\r\n.\r\n' },
  { name: 'a LIST with a duplicated message number', code: 'POP3_ERR_BAD_LISTING', client: trans, command: { type: 'LIST' }, server: '+OK\r\n1 10\r\n1 10\r\n.\r\n' },
  { name: 'a UIDL with a duplicated message number', code: 'POP3_ERR_BAD_LISTING', client: trans, command: { type: 'UIDL' }, server: '+OK\r\n1 a\r\n1 b\r\n.\r\n' },
  { name: 'a LIST with a negative size', code: 'POP3_ERR_BAD_LISTING', client: trans, command: { type: 'LIST' }, server: '+OK\r\n1 -5\r\n.\r\n' },
  { name: 'a LIST with message number 0', code: 'POP3_ERR_BAD_LISTING', client: trans, command: { type: 'LIST' }, server: '+OK\r\n0 5\r\n.\r\n' },
  { name: 'a LIST with a size too big to be exact', code: 'POP3_ERR_BAD_LISTING', client: trans, command: { type: 'LIST' }, server: '+OK\r\n1 12345678901234567890\r\n.\r\n' },
  { name: 'a LIST n answered for another message', code: 'POP3_ERR_BAD_LISTING', client: trans, command: { type: 'LIST', msg: 2 }, server: '+OK 3 100\r\n' },
  { name: 'a non-numeric STAT', code: 'POP3_ERR_BAD_LISTING', client: trans, command: { type: 'STAT' }, server: '+OK lots of mail\r\n' },
  { name: 'a STAT with no size', code: 'POP3_ERR_BAD_LISTING', client: trans, command: { type: 'STAT' }, server: '+OK 3\r\n' },
  { name: 'a listing longer than maxListingEntries', code: 'POP3_ERR_LISTING_TOO_LONG', client: trans, command: { type: 'LIST' }, server: '+OK\r\n1 1\r\n2 1\r\n3 1\r\n4 1\r\n.\r\n' },
  { name: 'a CAPA longer than maxCapaLines', code: 'POP3_ERR_CAPA_TOO_LONG', client: auth, command: { type: 'CAPA' }, server: '+OK\r\nTOP\r\nUIDL\r\nUSER\r\n.\r\n' },
  { name: 'a message over maxMessageSize', code: 'POP3_ERR_MESSAGE_TOO_LARGE', client: trans, command: { type: 'RETR', msg: 1 }, server: `+OK\r\n${'y'.repeat(60)}\r\n.\r\n` },
  { name: 'a message over maxMessageSize that never ends', code: 'POP3_ERR_MESSAGE_TOO_LARGE', client: trans, command: { type: 'RETR', msg: 1 }, server: `+OK\r\n${'y'.repeat(60)}` },
  { name: 'EOF in the middle of a message', code: 'POP3_ERR_EOF', client: trans, command: { type: 'RETR', msg: 1 }, server: '+OK\r\nSubject: x\r\n\r\nhalf a bo', eof: true },
  { name: 'EOF between ".\\r" and "\\n" of the terminator', code: 'POP3_ERR_EOF', client: trans, command: { type: 'RETR', msg: 1 }, server: '+OK\r\nbody\r\n.\r', eof: true },
  { name: 'EOF in the middle of a listing', code: 'POP3_ERR_EOF', client: trans, command: { type: 'UIDL' }, server: '+OK\r\n1 a\r\n', eof: true },
  { name: 'EOF before a status line', code: 'POP3_ERR_EOF', client: trans, command: { type: 'NOOP' }, server: '', eof: true },
  { name: 'unsolicited data with nothing pending', code: 'POP3_ERR_UNSOLICITED', client: trans, server: '+OK surprise\r\n' },
  { name: 'a second answer to one command', code: 'POP3_ERR_UNSOLICITED', client: trans, command: { type: 'NOOP' }, server: '+OK\r\n+OK again\r\n' },
  { name: 'a continuation outside AUTH', code: 'POP3_ERR_BAD_CONTINUATION', client: trans, command: { type: 'NOOP' }, server: '+ \r\n' },
  { name: 'a continuation that is not base64', code: 'POP3_ERR_BAD_CONTINUATION', client: auth, command: { type: 'AUTH', mechanism: 'LOGIN' }, server: '+ not base64!\r\n' },
  { name: 'two continuations without an answer between', code: 'POP3_ERR_BAD_CONTINUATION', client: auth, command: { type: 'AUTH', mechanism: 'LOGIN' }, server: '+ \r\n+ \r\n' },
];

describe('Pop3Client facing malformed server output', () => {
  it.each(CASES)('fails with $code on $name', ({ code, client: make, command, server, eof }) => {
    const client = make();
    if (command) client.send(command);
    client.receive(bytes(server));
    if (eof) client.receiveEof();
    let thrown: unknown;
    try {
      // Never hang: a bounded number of calls must reach the error.
      for (let i = 0; i < 10; i++) {
        if (client.nextEvent() === NEED_DATA && !eof && i > 2) break;
      }
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Pop3RemoteProtocolError);
    expect((thrown as Pop3RemoteProtocolError).code).toBe(code);
    expect((thrown as Pop3RemoteProtocolError).side).toBe('remote');
    expect(client.state).toBe('failed');
  });

  it('keeps failing with the same error on every later call', () => {
    const client = transactionClient();
    client.send({ type: 'STAT' });
    client.receive(bytes('+OK x y\r\n'));
    const first = (() => { try { client.nextEvent(); } catch (e) { return e; } return null; })();
    expect(first).toBeInstanceOf(Pop3RemoteProtocolError);
    expect(() => client.nextEvent()).toThrow(first as Error);
    expect(() => client.send({ type: 'NOOP' })).toThrow(first as Error);
  });

  it('refuses to send when unsolicited bytes are waiting, instead of reading them as the answer', () => {
    const client = transactionClient();
    client.receive(bytes('+OK injected\r\n'));
    expect(() => client.send({ type: 'DELE', msg: 1 })).toThrow(expect.objectContaining({ code: 'POP3_ERR_UNSOLICITED' }));
  });

  it('discards bytes that arrive with the STLS +OK, before TLS starts', () => {
    const client = authorizedClient();
    client.send({ type: 'STLS' });
    client.receive(bytes('+OK Begin TLS\r\n+OK injected\r\n'));
    expect(drain(client)).toEqual([{ type: 'ok', command: 'STLS', text: 'Begin TLS', respCode: null }]);
    expect(client.nextEvent()).toBe(NEED_DATA);
    expect(client.apopTimestamp).toBeNull();
  });

  it('ends closed, not failed, when the server hangs up with nothing pending', () => {
    const client = transactionClient();
    client.receiveEof();
    expect(client.nextEvent()).toBe(NEED_DATA);
    expect(client.state).toBe('closed');
  });
});
