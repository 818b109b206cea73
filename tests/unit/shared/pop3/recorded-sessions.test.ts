import { describe, expect, it } from 'vitest';
import type { Pop3Event } from '../../../../shared/pop3/index.ts';
import { replay } from './support/replay.ts';
import { loadTranscript, serverStream } from './support/transcript.ts';

const FIXTURES = ['dovecot-pipelining.pop3', 'qpopper-no-capa.pop3', 'sasl-login-failures.pop3'];
const text = (bytes: Uint8Array): string => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

function messages(events: Pop3Event[]): Array<Extract<Pop3Event, { type: 'message' }>> {
  return events.filter((e): e is Extract<Pop3Event, { type: 'message' }> => e.type === 'message');
}

describe.each(FIXTURES)('recorded session %s', (fixture) => {
  const steps = loadTranscript(fixture);
  const whole = replay(steps, []);
  const length = serverStream(steps).bytes.length;

  it('sends exactly the command lines of the transcript', () => {
    const expected = steps.flatMap((s) => (s.kind === 'send' ? [`${s.line}\r\n`] : []));
    expect(whole.sent).toEqual(expected);
  });

  it('consumes every answer and ends closed after QUIT', () => {
    expect(whole.client.pending).toBe(0);
    expect(whole.client.state).toBe('closed');
  });

  it('gives the same events when the server bytes are split at any single position', () => {
    for (let cut = 1; cut < length; cut++) {
      expect(replay(steps, [cut]).events, `split at ${cut}`).toEqual(whole.events);
    }
  });

  it('gives the same events when the server bytes arrive one at a time', () => {
    const everyByte = Array.from({ length }, (_, i) => i + 1);
    expect(replay(steps, everyByte).events).toEqual(whole.events);
  });
});

describe('the Dovecot-like pipelined session', () => {
  const { events } = replay(loadTranscript('dovecot-pipelining.pop3'), []);

  it('parses STAT, LIST and UIDL', () => {
    expect(events).toContainEqual({ type: 'stat', count: 3, size: 1024 });
    expect(events).toContainEqual({ type: 'scan-listing', entries: [{ msg: 1, size: 301 }, { msg: 2, size: 412 }, { msg: 3, size: 311 }] });
    expect(events).toContainEqual({
      type: 'unique-id-listing',
      entries: [{ msg: 1, uid: '000000015f7a1b2c' }, { msg: 2, uid: '000000025f7a1b2c' }, { msg: 3, uid: '000000035f7a1b2c' }],
    });
  });

  it('undoes dot-stuffing in a message body and keeps its final CRLF', () => {
    const body = text(messages(events)[0]!.bytes);
    expect(body).toContain('\r\n.hidden\r\n');
    expect(body).toContain('only two dots:\r\n..\r\n.\r\nThe end.\r\n');
    expect(body.endsWith('The end.\r\n')).toBe(true);
  });

  it('keeps 8-bit bytes, NUL and bare LFs exact', () => {
    const body = messages(events)[1]!.bytes;
    expect(text(body)).toContain('Caf\xe9 cr\xe8me br\xfbl\xe9e \xff\x00\x80\r\nbare line feed here\n.and a dot after a bare LF\nback to CRLF\r\n');
  });

  it('answers the pipelined RETRs in order, then TOP', () => {
    expect(messages(events).map((m) => [m.command, m.msg])).toEqual([['RETR', 1], ['RETR', 2], ['RETR', 3], ['TOP', 3]]);
    expect(text(messages(events)[3]!.bytes)).toBe('Subject: empty-ish\r\n\r\n');
  });

  it('reads the capabilities after login, including EXPIRE NEVER and LOGIN-DELAY', () => {
    const caps = events.filter((e) => e.type === 'capabilities');
    expect(caps).toHaveLength(2);
    const after = caps[1]!.type === 'capabilities' ? caps[1]!.capabilities : null;
    expect(after).toMatchObject({ pipelining: true, stls: false, expire: { days: 'NEVER', perUser: false }, loginDelay: { seconds: 0, perUser: false }, implementation: 'Dovecot' });
  });
});

describe('the old server without CAPA', () => {
  const { events } = replay(loadTranscript('qpopper-no-capa.pop3'), []);

  it('reports the APOP timestamp from the greeting', () => {
    expect(events[0]).toEqual({ type: 'greeting', text: expect.stringContaining('QPOP') as string, apopTimestamp: '<14989.1124838455@mail.example.com>' });
  });

  it('reports the CAPA -ERR as a negative event and keeps capabilities null', () => {
    expect(events[1]).toMatchObject({ type: 'negative', command: 'CAPA', code: 'POP3_ERR_NEGATIVE' });
  });

  it('parses the single-message forms of LIST and UIDL', () => {
    expect(events).toContainEqual({ type: 'scan-listing', entries: [{ msg: 2, size: 505 }] });
    expect(events).toContainEqual({ type: 'unique-id-listing', entries: [{ msg: 1, uid: '<UID-1@mail.example.com>' }] });
  });

  it('unstuffs a body made only of dot lines', () => {
    expect(text(messages(events)[0]!.bytes)).toBe('Subject: hello\r\n\r\n.\r\n..\r\n');
  });

  it('reports a RETR of a missing message as a plain negative', () => {
    expect(events).toContainEqual({ type: 'negative', command: 'RETR', text: 'Message 9 does not exist.', respCode: null, code: 'POP3_ERR_NEGATIVE' });
  });
});

describe('the SASL session with failures', () => {
  const { events } = replay(loadTranscript('sasl-login-failures.pop3'), []);

  it('emits the LOGIN continuations and maps [AUTH]', () => {
    expect(events.filter((e) => e.type === 'continuation').map((e) => e.type === 'continuation' && e.challenge)).toEqual(['VXNlcm5hbWU6', 'UGFzc3dvcmQ6', '', 'eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIn0=']);
    expect(events).toContainEqual({ type: 'negative', command: 'AUTH', text: 'Authentication failed.', respCode: 'AUTH', code: 'POP3_ERR_AUTH' });
  });

  it('reports a cancelled exchange with its own code', () => {
    expect(events).toContainEqual(expect.objectContaining({ type: 'negative', command: 'AUTH', code: 'POP3_ERR_AUTH_CANCELLED' }));
  });

  it('maps [IN-USE] on PASS and keeps the +OK response code', () => {
    expect(events).toContainEqual(expect.objectContaining({ type: 'negative', command: 'PASS', respCode: 'IN-USE', code: 'POP3_ERR_IN_USE' }));
    expect(events).toContainEqual({ type: 'ok', command: 'PASS', text: 'Logged in.', respCode: 'LOGIN-DELAY' });
  });

  it('exposes per-user EXPIRE and LOGIN-DELAY before login, and the real values after', () => {
    const caps = events.flatMap((e) => (e.type === 'capabilities' ? [e.capabilities] : []));
    expect(caps[0]).toMatchObject({ expire: { days: 30, perUser: true }, loginDelay: { seconds: 900, perUser: true }, utf8: true, authRespCode: true, sasl: ['LOGIN', 'XOAUTH2'] });
    expect(caps[1]).toMatchObject({ expire: { days: 0, perUser: false }, loginDelay: { seconds: 900, perUser: false } });
  });

  it('parses an empty UIDL listing', () => {
    expect(events).toContainEqual({ type: 'unique-id-listing', entries: [] });
  });
});
