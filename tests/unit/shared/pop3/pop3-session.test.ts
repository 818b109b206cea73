import { describe, expect, it } from 'vitest';
import { Pop3LocalProtocolError, Pop3NegativeResponseError, Pop3RemoteProtocolError, Pop3Session } from '../../../../shared/pop3/index.ts';
import { bytes, latin1 } from './support/drive.ts';
import { ScriptedServer } from './support/scripted-server.ts';

const MESSAGES = Array.from({ length: 10 }, (_, i) => bytes(`Subject: m${i + 1}\r\n\r\n.dotted line\r\nbody ${i + 1}\xff\r\n`));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('Pop3Session', () => {
  it('opens, logs in with PLAIN when offered, and asks CAPA again afterwards', async () => {
    const server = new ScriptedServer({ capaAfterLogin: ['TOP', 'UIDL', 'PIPELINING', 'EXPIRE 30'] });
    const session = new Pop3Session(server);
    const opened = await session.open();
    expect(opened.greeting).toContain('Dovecot ready.');
    expect(opened.capabilities?.sasl).toEqual(['PLAIN', 'LOGIN']);
    await session.login({ user: 'alice', password: 'secret' });
    expect(server.received).toEqual(['CAPA', `AUTH PLAIN ${btoa('\0alice\0secret')}`, 'CAPA']);
    expect(session.capabilities?.expire).toEqual({ days: 30, perUser: false });
    expect(session.state).toBe('transaction');
  });

  it('sends UTF8 before logging in when the server lists it (RFC 6856)', async () => {
    const server = new ScriptedServer({ capa: ['USER', 'UIDL', 'UTF8'], capaAfterLogin: ['USER', 'UIDL'] });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret', mechanism: 'USER' });
    expect(server.received).toEqual(['CAPA', 'UTF8', 'USER alice', 'PASS secret', 'CAPA']);
    expect(session.state).toBe('transaction');
  });

  it('logs in all the same when the server refuses the UTF8 it listed', async () => {
    const server = new ScriptedServer({ capa: ['USER', 'UTF8'], override: { UTF8: '-ERR not today\r\n' } });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret', mechanism: 'USER' });
    expect(server.received).toEqual(['CAPA', 'UTF8', 'USER alice', 'PASS secret', 'CAPA']);
    expect(session.state).toBe('transaction');
  });

  it('hands a -ERR to one RETR of a pipelined batch to onNegative and fetches every other message', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 5), override: { 'RETR 3': '-ERR [SYS/TEMP] try later\r\n' } });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const got: number[] = [];
    const refused: Array<[number, string]> = [];
    await session.fetchMany([5, 4, 3, 2, 1].map((msg) => ({ type: 'RETR' as const, msg })), (request) => void got.push(request.msg), {
      onNegative: (request, error) => void refused.push([request.msg, error.code]),
    });
    expect(got).toEqual([5, 4, 2, 1]);
    expect(refused).toEqual([[3, 'POP3_ERR_SYS_TEMP']]);
    expect(session.state).toBe('transaction');
  });

  it('sends one command at a time with pipelining: false, though the server lists PIPELINING', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 3) });
    const session = new Pop3Session(server, { pipelining: false });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    expect(session.capabilities?.pipelining).toBe(true);
    expect(session.pipelining).toBe(false);
    await session.listing();
    await session.retrMany([1, 2, 3], () => undefined);
    expect(server.maxInFlight).toBe(1);
  });

  it('falls back to USER/PASS and one command at a time with a server without CAPA', async () => {
    const server = new ScriptedServer({ capa: null, messages: MESSAGES.slice(0, 3) });
    const session = new Pop3Session(server);
    expect((await session.open()).capabilities).toBeNull();
    await session.login({ user: 'alice', password: 'secret' });
    const got: number[] = [];
    await session.retrMany([1, 2, 3], (msg) => void got.push(msg));
    expect(got).toEqual([1, 2, 3]);
    expect(server.received).toEqual(['CAPA', 'USER alice', 'PASS secret', 'CAPA', 'RETR 1', 'RETR 2', 'RETR 3']);
    expect(server.maxInFlight).toBe(1);
  });

  it('reads STAT, LIST, UIDL and a message exactly', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 2) });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret', mechanism: 'USER' });
    expect(await session.stat()).toEqual({ count: 2, size: MESSAGES[0]!.length + MESSAGES[1]!.length });
    expect(await session.list()).toEqual([{ msg: 1, size: MESSAGES[0]!.length }, { msg: 2, size: MESSAGES[1]!.length }]);
    expect(await session.uidl()).toEqual([{ msg: 1, uid: 'uid-1' }, { msg: 2, uid: 'uid-2' }]);
    expect(await session.retr(2)).toEqual(MESSAGES[1]);
    expect(latin1(await session.top(1, 0))).toBe('Subject: m1\r\n\r\n');
  });

  it('pipelines retrMany within the window and delivers every message in order', async () => {
    const server = new ScriptedServer({ messages: MESSAGES });
    const session = new Pop3Session(server, { pipelineWindow: 4 });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const got: Array<[number, Uint8Array]> = [];
    await session.retrMany([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], async (msg, data) => {
      await Promise.resolve();
      got.push([msg, data]);
    });
    expect(got.map(([msg]) => msg)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(got.map(([, data]) => data)).toEqual(MESSAGES);
    expect(server.maxInFlight).toBe(4);
    expect(server.batches).toContain(4); // the first window leaves in one write
  });

  it('pipelines topMany for headers first', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 5) });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const heads: string[] = [];
    await session.topMany([5, 4, 3], 0, (_msg, data) => void heads.push(latin1(data)));
    expect(heads).toEqual(['Subject: m5\r\n\r\n', 'Subject: m4\r\n\r\n', 'Subject: m3\r\n\r\n']);
    expect(server.batches).toContain(3);
  });

  it('asks LIST and UIDL in one write when the server pipelines, and reads both listings', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 3) });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const { list, uidl } = await session.listing();
    expect(list).toEqual(MESSAGES.slice(0, 3).map((m, i) => ({ msg: i + 1, size: m.length })));
    expect(uidl?.map((e) => e.uid)).toEqual(['uid-1', 'uid-2', 'uid-3']);
    expect(server.received.slice(-2)).toEqual(['LIST', 'UIDL']);
    expect(server.batches.at(-1)).toBe(2);
  });

  it('asks LIST, then UIDL, one at a time without PIPELINING', async () => {
    const server = new ScriptedServer({ capa: ['USER', 'UIDL', 'TOP'], messages: MESSAGES.slice(0, 2) });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    expect((await session.listing()).uidl).toHaveLength(2);
    expect(server.maxInFlight).toBe(1);
  });

  it('gives uidl null for a server that refuses UIDL, pipelined or not, and stays usable', async () => {
    for (const capa of [undefined, ['USER', 'TOP']]) {
      const server = new ScriptedServer({ messages: MESSAGES.slice(0, 2), override: { UIDL: '-ERR no UIDL here\r\n' }, ...(capa ? { capa } : {}) });
      const session = new Pop3Session(server);
      await session.open();
      await session.login({ user: 'alice', password: 'secret', mechanism: 'USER' });
      const { list, uidl } = await session.listing();
      expect(list).toHaveLength(2);
      expect(uidl).toBeNull();
      expect(await session.stat()).toMatchObject({ count: 2 });
    }
  });

  it('reads both pipelined answers when LIST is refused, throws, and stays usable', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 2), override: { LIST: '-ERR no LIST here\r\n' } });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    expect(await rejection(session.listing())).toMatchObject({ command: 'LIST' });
    expect(await session.stat()).toMatchObject({ count: 2 });
  });

  it('bounds a pipelined batch by the bytes the answers are expected to take, not only by count', async () => {
    const server = new ScriptedServer({ messages: MESSAGES });
    const size = MESSAGES[0]!.length;
    const session = new Pop3Session(server, { pipelineWindow: 100, pipelineBytes: size * 3 });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const got: number[] = [];
    await session.fetchMany(MESSAGES.map((m, i) => ({ type: 'RETR', msg: i + 1, size: m.length })), (request) => void got.push(request.msg));
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(server.maxInFlight).toBe(3);
  });

  it('tops the pipeline up once a quarter of the window is free, in one write, not after every answer', async () => {
    const many = Array.from({ length: 40 }, (_, i) => bytes(`Subject: n${String(i + 1).padStart(2, '0')}\r\n\r\nbody\r\n`));
    const server = new ScriptedServer({ messages: many });
    const session = new Pop3Session(server, { pipelineWindow: 8 });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const got: number[] = [];
    const loginWrites = server.batches.length;
    await session.fetchMany(many.map((m, i) => ({ type: 'RETR', msg: i + 1, size: m.length })), (request) => void got.push(request.msg));
    expect(got).toEqual(many.map((_, i) => i + 1));
    expect(server.maxInFlight).toBe(8);
    const writes = server.batches.slice(loginWrites);
    expect(writes[0]).toBe(8);
    // 32 more commands, at least 2 (a quarter of 8) per write.
    expect(writes.slice(1).every((count) => count >= 2)).toBe(true);
    expect(writes.length).toBeLessThanOrEqual(1 + 32 / 2);
  });

  it('tops up by bytes the same way: a quarter of pipelineBytes free again', async () => {
    const many = Array.from({ length: 40 }, (_, i) => bytes(`Subject: n${String(i + 1).padStart(2, '0')}\r\n\r\nbody\r\n`));
    const size = many[0]!.length;
    const server = new ScriptedServer({ messages: many });
    const session = new Pop3Session(server, { pipelineWindow: 1000, pipelineBytes: size * 8 });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const loginWrites = server.batches.length;
    await session.fetchMany(many.map((m, i) => ({ type: 'RETR', msg: i + 1, size: m.length })), () => undefined);
    expect(server.maxInFlight).toBe(8);
    const writes = server.batches.slice(loginWrites);
    expect(writes[0]).toBe(8);
    expect(writes.slice(1).every((count) => count >= 2)).toBe(true);
  });

  it('sends a message larger than the byte window on its own rather than never', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 2) });
    const session = new Pop3Session(server, { pipelineBytes: 1 });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const got: number[] = [];
    await session.fetchMany([{ type: 'RETR', msg: 1, size: 5_000 }, { type: 'RETR', msg: 2, size: 5_000 }], (request) => void got.push(request.msg));
    expect(got).toEqual([1, 2]);
    expect(server.maxInFlight).toBe(1);
  });

  it('pipelines TOPs and then RETRs in one batch, with no round trip between headers and bodies', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 3) });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const got: string[] = [];
    await session.fetchMany(
      [{ type: 'TOP', msg: 3, lines: 0 }, { type: 'TOP', msg: 2, lines: 0 }, { type: 'RETR', msg: 3 }, { type: 'RETR', msg: 2 }],
      (request, data) => void got.push(`${request.type} ${request.msg} ${data.length}`),
    );
    expect(got).toEqual([`TOP 3 ${'Subject: m3\r\n\r\n'.length}`, `TOP 2 ${'Subject: m2\r\n\r\n'.length}`, `RETR 3 ${MESSAGES[2]!.length}`, `RETR 2 ${MESSAGES[1]!.length}`]);
    expect(server.batches).toContain(4);
  });

  it('drains in-flight answers after a -ERR in retrMany, then throws, and stays usable', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 3) });
    const session = new Pop3Session(server, { pipelineWindow: 8 });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const got: number[] = [];
    const error = await rejection(session.retrMany([1, 9, 2, 3], (msg) => void got.push(msg)));
    expect(error).toBeInstanceOf(Pop3NegativeResponseError);
    expect(error).toMatchObject({ code: 'POP3_ERR_NEGATIVE', command: 'RETR' });
    expect(got).toEqual([1]);
    await session.noop();
    expect(server.received.at(-1)).toBe('NOOP');
  });

  it('stops sending when onMessage throws, drains, and rethrows that error', async () => {
    const server = new ScriptedServer({ messages: MESSAGES });
    const session = new Pop3Session(server, { pipelineWindow: 3 });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const boom = new Error('disk full');
    const error = await rejection(session.retrMany([1, 2, 3, 4, 5, 6], (msg) => {
      if (msg === 2) throw boom;
    }));
    expect(error).toBe(boom);
    expect(server.received.filter((l) => l.startsWith('RETR')).length).toBeLessThan(6);
    expect(await session.stat()).toMatchObject({ count: 10 });
  });

  it('skips the CAPA before login when asked, for a named mechanism, and still asks CAPA after login', async () => {
    const server = new ScriptedServer();
    const session = new Pop3Session(server);
    expect((await session.open({ capabilities: false })).capabilities).toBeNull();
    await session.login({ user: 'alice', password: 'secret', mechanism: 'PLAIN' });
    expect(server.received).toEqual([`AUTH PLAIN ${btoa('\0alice\0secret')}`, 'CAPA']);
    expect(session.capabilities?.pipelining).toBe(true);
  });

  it('after skipping CAPA, tells a refused AUTH for a mechanism the server lacks from bad credentials', async () => {
    const line = `AUTH PLAIN ${btoa('\0alice\0secret')}`;
    const server = new ScriptedServer({ capa: ['USER', 'SASL LOGIN', 'PIPELINING'], override: { [line]: '-ERR Unsupported authentication mechanism.\r\n' } });
    const session = new Pop3Session(server);
    await session.open({ capabilities: false });
    const error = await rejection(session.login({ user: 'alice', password: 'secret', mechanism: 'PLAIN' }));
    expect(error).toBeInstanceOf(Pop3LocalProtocolError);
    expect(error).toMatchObject({ code: 'POP3_ERR_MECHANISM_UNAVAILABLE' });

    const wrong = new Pop3Session(new ScriptedServer());
    await wrong.open({ capabilities: false });
    expect(await rejection(wrong.login({ user: 'alice', password: 'nope', mechanism: 'PLAIN' }))).toMatchObject({ code: 'POP3_ERR_AUTH' });
  });

  it('logs in with LOGIN through two continuations', async () => {
    const server = new ScriptedServer();
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret', mechanism: 'LOGIN' });
    expect(server.received.slice(1, 4)).toEqual(['AUTH LOGIN', btoa('alice'), btoa('secret')]);
  });

  it('logs in with APOP using the greeting timestamp', async () => {
    const server = new ScriptedServer();
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret', mechanism: 'APOP' });
    expect(server.received[1]).toMatch(/^APOP alice [0-9a-f]{32}$/);
  });

  it('refuses APOP when the greeting had no timestamp', async () => {
    const server = new ScriptedServer({ greeting: '+OK hi\r\n' });
    const session = new Pop3Session(server);
    await session.open();
    const error = await rejection(session.login({ user: 'alice', password: 'secret', mechanism: 'APOP' }));
    expect(error).toBeInstanceOf(Pop3LocalProtocolError);
    expect(error).toMatchObject({ code: 'POP3_ERR_MECHANISM_UNAVAILABLE' });
  });

  it('sends a long XOAUTH2 token as the answer to the first continuation, and answers an error challenge', async () => {
    const token = 't'.repeat(300);
    const server = new ScriptedServer({ capa: ['SASL XOAUTH2'], password: token });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: token, mechanism: 'XOAUTH2' });
    expect(server.received[1]).toBe('AUTH XOAUTH2');
    expect(atob(server.received[2]!)).toBe(`user=alice\x01auth=Bearer ${token}\x01\x01`);

    const refusing = new ScriptedServer({ capa: ['SASL XOAUTH2'], password: 'other' });
    const second = new Pop3Session(refusing);
    await second.open();
    const error = await rejection(second.login({ user: 'alice', password: 'bad', mechanism: 'XOAUTH2' }));
    expect(error).toMatchObject({ code: 'POP3_ERR_AUTH', command: 'AUTH' });
    expect(refusing.received.slice(-1)).toEqual(['']); // the empty answer to the JSON challenge
  });

  it('throws a negative-response error with POP3_ERR_AUTH on a wrong password', async () => {
    const server = new ScriptedServer();
    const session = new Pop3Session(server);
    await session.open();
    const error = await rejection(session.login({ user: 'alice', password: 'wrong', mechanism: 'USER' }));
    expect(error).toBeInstanceOf(Pop3NegativeResponseError);
    expect(error).toMatchObject({ code: 'POP3_ERR_AUTH', command: 'PASS', respCode: 'AUTH' });
    expect(session.state).toBe('authorization');
  });

  it('maps [IN-USE] on login', async () => {
    const server = new ScriptedServer({ override: { 'PASS secret': '-ERR [IN-USE] locked\r\n' } });
    const session = new Pop3Session(server);
    await session.open();
    await expect(session.login({ user: 'alice', password: 'secret', mechanism: 'USER' })).rejects.toMatchObject({ code: 'POP3_ERR_IN_USE' });
  });

  it('starts without a greeting when the bridge already did STLS', async () => {
    const server = new ScriptedServer({ greeting: '' });
    const session = new Pop3Session(server, { greeting: 'none' });
    expect(await session.open()).toMatchObject({ greeting: null });
    expect(server.received).toEqual(['CAPA']);
  });

  it('serialises concurrent calls so answers go to the right caller', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 2) });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const [stat, list, body] = await Promise.all([session.stat(), session.list(), session.retr(1)]);
    expect(stat.count).toBe(2);
    expect(list).toHaveLength(2);
    expect(body).toEqual(MESSAGES[0]);
  });

  it('deletes, resets and quits, closing the channel after QUIT', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 2) });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    await session.dele(1);
    expect(server.deleted.has(1)).toBe(true);
    await session.rset();
    expect(server.deleted.size).toBe(0);
    await session.dele(2);
    await session.quit();
    expect(server.closed).toBe(true);
    expect(session.state).toBe('closed');
    await expect(session.dele(1)).rejects.toBeInstanceOf(Pop3LocalProtocolError);
  });

  it('fails with POP3_ERR_EOF, and closes the channel, when the server hangs up mid-command', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 2), hangUpOn: 'RETR 2' });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const error = await rejection(session.retrMany([1, 2], () => undefined));
    expect(error).toBeInstanceOf(Pop3RemoteProtocolError);
    expect(error).toMatchObject({ code: 'POP3_ERR_EOF' });
    expect(server.closed).toBe(true);
  });
});

describe('Pop3Session given a bad message number in a batch', () => {
  it('refuses the whole batch before sending anything, and stays usable', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 3) });
    const session = new Pop3Session(server, { pipelineWindow: 8 });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const sentBefore = server.received.length;
    const got: number[] = [];
    const error = await rejection(session.retrMany([1, 2, 0, 3], (msg) => void got.push(msg)));
    expect(error).toBeInstanceOf(Pop3LocalProtocolError);
    expect(error).toMatchObject({ code: 'POP3_ERR_BAD_ARGUMENT' });
    expect(got).toEqual([]);
    expect(server.received.length).toBe(sentBefore);
    expect(await session.stat()).toMatchObject({ count: 3 });
  });
});

describe('Pop3Session given a message cut short by a server that does not dot-stuff a lone "." line', () => {
  const sized = (msgs: number[], extra = 0) => msgs.map((msg) => ({ type: 'RETR' as const, msg, size: MESSAGES[msg - 1]!.length + extra }));
  // The body line "." goes out unstuffed: it ends the message early, and "rest" follows.
  const unstuffed = '+OK\r\nSubject: m2\r\n\r\n.\r\nrest\r\n.\r\n';

  for (const pipelining of [true, false]) {
    it(`never delivers it, and fails with POP3_ERR_MESSAGE_CUT_SHORT at the garbage after it (${pipelining ? 'pipelined' : 'one at a time'})`, async () => {
      const server = new ScriptedServer({ messages: MESSAGES.slice(0, 3), override: { 'RETR 2': unstuffed } });
      const session = new Pop3Session(server, { pipelining });
      await session.open();
      await session.login({ user: 'alice', password: 'secret' });
      const got: number[] = [];
      const error = await rejection(session.fetchMany(sized([3, 2, 1]), (request) => void got.push(request.msg)));
      expect(error).toBeInstanceOf(Pop3RemoteProtocolError);
      expect(error).toMatchObject({ code: 'POP3_ERR_MESSAGE_CUT_SHORT' });
      expect(got).toEqual([3]);
      expect(server.closed).toBe(true);
    });
  }

  it('never delivers it as the last of a batch: a NOOP vouches for it, and the garbage comes instead', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 3), override: { 'RETR 2': unstuffed } });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const got: number[] = [];
    const error = await rejection(session.fetchMany(sized([2]), (request) => void got.push(request.msg)));
    expect(error).toMatchObject({ code: 'POP3_ERR_MESSAGE_CUT_SHORT' });
    expect(got).toEqual([]);
  });

  it('delivers every message of an honest server whose LIST overstates sizes, in order, byte for byte, with one NOOP after the batch', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 3) });
    const session = new Pop3Session(server);
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const got: Array<[number, string]> = [];
    await session.fetchMany(sized([3, 2, 1], 100), (request, body) => void got.push([request.msg, latin1(body)]));
    expect(got).toEqual([3, 2, 1].map((msg) => [msg, latin1(MESSAGES[msg - 1]!)]));
    expect(server.received.filter((l) => l === 'NOOP')).toHaveLength(1);
    expect(session.state).toBe('transaction');
  });

  it('sends no NOOP when every answer is as long as LIST said', async () => {
    const server = new ScriptedServer({ messages: MESSAGES.slice(0, 3) });
    const session = new Pop3Session(server, { pipelining: false });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    await session.fetchMany(sized([3, 2, 1]), () => undefined);
    expect(server.received).not.toContain('NOOP');
  });
});

describe('Pop3Session holding a short answer when the next one is too large', () => {
  it('delivers the short one, whose next status line parsed, and then fails with POP3_ERR_MESSAGE_TOO_LARGE', async () => {
    const big = bytes(`Subject: big\r\n\r\n${'x'.repeat(2_000)}\r\n`);
    const server = new ScriptedServer({ messages: [MESSAGES[0]!, big] });
    const session = new Pop3Session(server, { limits: { maxMessageSize: 1_000 } });
    await session.open();
    await session.login({ user: 'alice', password: 'secret' });
    const got: number[] = [];
    const error = await rejection(session.fetchMany([{ type: 'RETR', msg: 1, size: MESSAGES[0]!.length + 10 }, { type: 'RETR', msg: 2, size: big.length }], (request) => void got.push(request.msg)));
    expect(error).toMatchObject({ code: 'POP3_ERR_MESSAGE_TOO_LARGE' });
    expect(got).toEqual([1]);
  });
});
