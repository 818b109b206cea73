import { describe, expect, it } from 'vitest';
import { NEED_DATA, Pop3Client, Pop3LocalProtocolError, type Pop3Command, type Pop3ErrorCode } from '../../../../shared/pop3/index.ts';
import { authorizedClient, bytes, drain, exchange, latin1, transactionClient } from './support/drive.ts';

function localError(action: () => unknown): Pop3LocalProtocolError {
  try {
    action();
  } catch (error) {
    if (error instanceof Pop3LocalProtocolError) return error;
    throw error;
  }
  throw new Error('expected a Pop3LocalProtocolError');
}

function expectLocal(action: () => unknown, code: Pop3ErrorCode): void {
  const error = localError(action);
  expect(error.code).toBe(code);
  expect(error.side).toBe('local');
}

describe('Pop3Client commands', () => {
  it('encodes each command as one CRLF-terminated line', () => {
    const client = transactionClient({ capa: ['PIPELINING'] });
    const lines = ([
      [{ type: 'STAT' }, 'STAT'],
      [{ type: 'LIST' }, 'LIST'],
      [{ type: 'LIST', msg: 3 }, 'LIST 3'],
      [{ type: 'UIDL', msg: 4 }, 'UIDL 4'],
      [{ type: 'TOP', msg: 5, lines: 0 }, 'TOP 5 0'],
      [{ type: 'RETR', msg: 6 }, 'RETR 6'],
      [{ type: 'DELE', msg: 7 }, 'DELE 7'],
      [{ type: 'RSET' }, 'RSET'],
      [{ type: 'NOOP' }, 'NOOP'],
    ] as Array<[Pop3Command, string]>).map(([command, line]) => [latin1(client.send(command)), `${line}\r\n`]);
    for (const [got, want] of lines) expect(got).toBe(want);
    expect(client.pending).toBe(9);
  });

  it('starts in AUTHORIZATION knowing nothing when the bridge already did STLS', () => {
    const client = new Pop3Client({ greeting: 'none' });
    expect(client.state).toBe('authorization');
    expect(client.capabilities).toBeNull();
    expect(client.apopTimestamp).toBeNull();
    expect(latin1(client.send({ type: 'CAPA' }))).toBe('CAPA\r\n');
  });

  it('forgets capabilities after login, so the caller must CAPA again', () => {
    const client = authorizedClient({ capa: ['PIPELINING', 'USER'] });
    expect(client.canPipeline).toBe(true);
    exchange(client, { type: 'USER', name: 'u' }, '+OK\r\n');
    exchange(client, { type: 'PASS', password: 'p' }, '+OK\r\n');
    expect(client.state).toBe('transaction');
    expect(client.capabilities).toBeNull();
    expect(client.canPipeline).toBe(false);
  });

  it('forgets capabilities and the APOP timestamp after STLS', () => {
    const client = authorizedClient({ capa: ['STLS'] });
    expect(client.apopTimestamp).toBe('<1.2@example.org>');
    exchange(client, { type: 'STLS' }, '+OK Begin TLS\r\n');
    expect(client.capabilities).toBeNull();
    expect(client.apopTimestamp).toBeNull();
    expect(client.state).toBe('authorization');
  });

  it('stays in AUTHORIZATION after a failed PASS (RFC 1939 §7)', () => {
    const client = authorizedClient();
    exchange(client, { type: 'USER', name: 'u' }, '+OK\r\n');
    expect(exchange(client, { type: 'PASS', password: 'bad' }, '-ERR invalid\r\n')).toEqual([
      { type: 'negative', command: 'PASS', text: 'invalid', respCode: null, code: 'POP3_ERR_AUTH' },
    ]);
    expect(client.state).toBe('authorization');
  });

  it('enters UPDATE when QUIT is sent in TRANSACTION and is closed after the answer', () => {
    const client = transactionClient();
    client.send({ type: 'QUIT' });
    expect(client.state).toBe('update');
    client.receive(bytes('+OK bye\r\n'));
    expect(drain(client)).toEqual([{ type: 'ok', command: 'QUIT', text: 'bye', respCode: null }]);
    expect(client.state).toBe('closed');
  });

  it('maps RFC 3206 codes, including hierarchical ones, on -ERR', () => {
    const client = transactionClient();
    expect(exchange(client, { type: 'RETR', msg: 1 }, '-ERR [SYS/TEMP/DISK] try later\r\n')[0]).toMatchObject({ code: 'POP3_ERR_SYS_TEMP', respCode: 'SYS/TEMP/DISK' });
    expect(exchange(client, { type: 'DELE', msg: 1 }, '-ERR [SYS/PERM] broken\r\n')[0]).toMatchObject({ code: 'POP3_ERR_SYS_PERM' });
    expect(exchange(client, { type: 'NOOP' }, '-ERR [WHATEVER] no\r\n')[0]).toMatchObject({ code: 'POP3_ERR_NEGATIVE', respCode: 'WHATEVER' });
  });

  it('maps LOGIN-DELAY on PASS and a code-less -ERR on APOP', () => {
    const client = authorizedClient();
    exchange(client, { type: 'USER', name: 'u' }, '+OK\r\n');
    expect(exchange(client, { type: 'PASS', password: 'p' }, '-ERR [LOGIN-DELAY] wait\r\n')[0]).toMatchObject({ code: 'POP3_ERR_LOGIN_DELAY' });
    expect(exchange(client, { type: 'APOP', name: 'u', digest: 'c4c9334bac560ecc979e58001b3e22fb' }, '-ERR no\r\n')[0]).toMatchObject({ code: 'POP3_ERR_AUTH' });
  });

  it('matches pipelined answers to their commands in order', () => {
    const client = transactionClient({ capa: ['PIPELINING'] });
    client.send({ type: 'STAT' });
    client.send({ type: 'RETR', msg: 2 });
    client.send({ type: 'DELE', msg: 2 });
    client.receive(bytes('+OK 1 5\r\n+OK\r\nhi\r\n.\r\n+OK deleted\r\n'));
    const events = drain(client);
    expect(events.map((e) => e.type)).toEqual(['stat', 'message', 'ok']);
    expect(events[1]).toMatchObject({ command: 'RETR', msg: 2 });
    expect(client.pending).toBe(0);
  });

  it('says an answer is due to a pipelined command until the last command sent behind another is answered', () => {
    const client = transactionClient({ capa: ['PIPELINING'] });
    client.send({ type: 'LIST' });
    expect(client.awaitingPipelinedAnswer).toBe(false);
    client.send({ type: 'UIDL' });
    expect(client.awaitingPipelinedAnswer).toBe(true);
    client.receive(bytes('+OK\r\n1 5\r\n.\r\n'));
    expect(drain(client).map((e) => e.type)).toEqual(['scan-listing']);
    expect(client.awaitingPipelinedAnswer).toBe(true); // UIDL's answer, pipelined behind LIST, is still due
    client.receive(bytes('+OK\r\n1 a\r\n.\r\n'));
    drain(client);
    expect(client.awaitingPipelinedAnswer).toBe(false);
    exchange(client, { type: 'NOOP' }, '+OK\r\n');
    expect(client.awaitingPipelinedAnswer).toBe(false);
  });

  it('recognises the terminator split as ".\\r" then "\\n" across chunks', () => {
    const client = transactionClient();
    client.send({ type: 'RETR', msg: 1 });
    client.receive(bytes('+OK\r\nline\r\n.\r'));
    expect(client.nextEvent()).toBe(NEED_DATA);
    client.receive(bytes('\n'));
    expect(client.nextEvent()).toMatchObject({ type: 'message', bytes: bytes('line\r\n') });
  });

  it('keeps a ".\\r" line that is not the terminator, minus its stuffing dot', () => {
    const client = transactionClient();
    client.send({ type: 'RETR', msg: 1 });
    client.receive(bytes('+OK\r\n.\rx\r\n.\r\n'));
    expect(client.nextEvent()).toMatchObject({ type: 'message', bytes: bytes('\rx\r\n') });
  });
});

describe('Pop3Client local protocol errors', () => {
  it('refuses commands before the greeting', () => {
    expectLocal(() => new Pop3Client().send({ type: 'CAPA' }), 'POP3_ERR_INVALID_STATE');
  });

  it('refuses TRANSACTION commands in AUTHORIZATION and login commands in TRANSACTION', () => {
    expectLocal(() => authorizedClient().send({ type: 'RETR', msg: 1 }), 'POP3_ERR_INVALID_STATE');
    expectLocal(() => authorizedClient().send({ type: 'NOOP' }), 'POP3_ERR_INVALID_STATE');
    expectLocal(() => transactionClient().send({ type: 'USER', name: 'x' }), 'POP3_ERR_INVALID_STATE');
    expectLocal(() => transactionClient().send({ type: 'STLS' }), 'POP3_ERR_INVALID_STATE');
  });

  it('refuses everything after QUIT', () => {
    const client = transactionClient();
    exchange(client, { type: 'QUIT' }, '+OK\r\n');
    expectLocal(() => client.send({ type: 'NOOP' }), 'POP3_ERR_INVALID_STATE');
  });

  it('refuses a second command while one is pending when PIPELINING was not offered', () => {
    const client = transactionClient();
    client.send({ type: 'STAT' });
    expectLocal(() => client.send({ type: 'LIST' }), 'POP3_ERR_NOT_PIPELINING');
  });

  it('refuses to pipeline behind PASS, and refuses STLS or AUTH behind anything', () => {
    const client = authorizedClient({ capa: ['PIPELINING', 'STLS'] });
    client.send({ type: 'USER', name: 'u' });
    expectLocal(() => client.send({ type: 'STLS' }), 'POP3_ERR_NOT_PIPELINING');
    expectLocal(() => client.send({ type: 'AUTH', mechanism: 'PLAIN' }), 'POP3_ERR_NOT_PIPELINING');
    client.send({ type: 'PASS', password: 'p' });
    expectLocal(() => client.send({ type: 'CAPA' }), 'POP3_ERR_NOT_PIPELINING');
  });

  it('refuses other commands during an AUTH exchange, and AUTH_RESPONSE outside one', () => {
    const client = authorizedClient();
    expectLocal(() => client.send({ type: 'AUTH_RESPONSE', response: '' }), 'POP3_ERR_INVALID_STATE');
    client.send({ type: 'AUTH', mechanism: 'LOGIN' });
    expectLocal(() => client.send({ type: 'AUTH_RESPONSE', response: '' }), 'POP3_ERR_INVALID_STATE'); // no continuation yet
    client.receive(bytes('+ VXNlcm5hbWU6\r\n'));
    drain(client);
    expectLocal(() => client.send({ type: 'CAPA' }), 'POP3_ERR_INVALID_STATE');
    expect(latin1(client.send({ type: 'AUTH_RESPONSE', response: 'dQ==' }))).toBe('dQ==\r\n');
  });

  it.each([
    ['USER', { type: 'USER', name: 'bob\r\nDELE 1' }],
    ['USER with a bare LF', { type: 'USER', name: 'bob\nQUIT' }],
    ['PASS', { type: 'PASS', password: 'pw\r\nDELE 1' }],
    ['PASS with NUL', { type: 'PASS', password: 'pw\0' }],
    ['APOP name', { type: 'APOP', name: 'a\rb', digest: '0'.repeat(32) }],
  ] as Array<[string, Pop3Command]>)('refuses CR, LF or NUL injection in %s', (_, command) => {
    expectLocal(() => authorizedClient().send(command), 'POP3_ERR_BAD_ARGUMENT');
  });

  it.each([
    [{ type: 'RETR', msg: 0 }],
    [{ type: 'DELE', msg: 1.5 }],
    [{ type: 'TOP', msg: 1, lines: -1 }],
    [{ type: 'LIST', msg: Number.NaN }],
  ] as Array<[Pop3Command]>)('refuses bad numbers in %o', (command) => {
    expectLocal(() => transactionClient().send(command), 'POP3_ERR_BAD_ARGUMENT');
  });

  it('refuses a bad mechanism name, a non-base64 initial response and a non-hex APOP digest', () => {
    expectLocal(() => authorizedClient().send({ type: 'AUTH', mechanism: 'PLAIN X' }), 'POP3_ERR_BAD_ARGUMENT');
    expectLocal(() => authorizedClient().send({ type: 'AUTH', mechanism: 'PLAIN', initialResponse: 'a b' }), 'POP3_ERR_BAD_ARGUMENT');
    expectLocal(() => authorizedClient().send({ type: 'APOP', name: 'u', digest: 'xyz' }), 'POP3_ERR_BAD_ARGUMENT');
  });

  it('refuses a command line over 255 octets', () => {
    expectLocal(() => authorizedClient().send({ type: 'PASS', password: 'p'.repeat(250) }), 'POP3_ERR_COMMAND_TOO_LONG');
    expect(latin1(authorizedClient().send({ type: 'PASS', password: 'p'.repeat(248) })).length).toBe(255);
  });

  it('sends an AUTH initial response that fits on the AUTH line, "=" for an empty one', () => {
    expect(latin1(authorizedClient().send({ type: 'AUTH', mechanism: 'plain', initialResponse: 'AGEAYg==' }))).toBe('AUTH PLAIN AGEAYg==\r\n');
    expect(latin1(authorizedClient().send({ type: 'AUTH', mechanism: 'EXTERNAL', initialResponse: '=' }))).toBe('AUTH EXTERNAL =\r\n');
  });

  it('sends AUTH without an initial response that would pass 255 octets and asks for it at the first continuation', () => {
    const token = 'A'.repeat(300);
    const client = authorizedClient();
    expect(latin1(client.send({ type: 'AUTH', mechanism: 'XOAUTH2', initialResponse: token }))).toBe('AUTH XOAUTH2\r\n');
    client.receive(bytes('+ \r\n'));
    expect(drain(client)).toEqual([{ type: 'continuation', challenge: '', initialResponseRequested: true }]);
    expect(latin1(client.send({ type: 'AUTH_RESPONSE', response: token }))).toBe(`${token}\r\n`);
    client.receive(bytes('+OK welcome\r\n'));
    expect(drain(client)).toEqual([{ type: 'ok', command: 'AUTH', text: 'welcome', respCode: null }]);
    expect(client.state).toBe('transaction');
  });

  it('leaves the state unchanged after a local error', () => {
    const client = transactionClient();
    localError(() => client.send({ type: 'USER', name: 'x' }));
    expect(client.state).toBe('transaction');
    expect(client.pending).toBe(0);
    expect(latin1(client.send({ type: 'NOOP' }))).toBe('NOOP\r\n');
  });
});
