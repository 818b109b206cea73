import { describe, expect, it } from 'vitest';
import { negativeCode, parseStatusLine } from '../../../../shared/pop3/status-line.ts';

describe('parseStatusLine', () => {
  it('splits +OK and -ERR with and without text and response codes', () => {
    expect(parseStatusLine('+OK')).toEqual({ kind: 'ok', text: '', respCode: null });
    expect(parseStatusLine('+OK 2 320')).toEqual({ kind: 'ok', text: '2 320', respCode: null });
    expect(parseStatusLine('-ERR [SYS/TEMP] disk full')).toEqual({ kind: 'err', text: 'disk full', respCode: 'SYS/TEMP' });
    expect(parseStatusLine('-ERR')).toEqual({ kind: 'err', text: '', respCode: null });
  });

  it('reads "+ " and a bare "+" as continuations', () => {
    expect(parseStatusLine('+ VXNlcm5hbWU6')).toEqual({ kind: 'continuation', challenge: 'VXNlcm5hbWU6' });
    expect(parseStatusLine('+')).toEqual({ kind: 'continuation', challenge: '' });
  });

  it('refuses look-alikes', () => {
    for (const line of ['+OKAY', '-ERROR', 'OK', '', ' +OK', '+-']) expect(parseStatusLine(line).kind, line).toBe('invalid');
  });
});

describe('negativeCode', () => {
  it('treats a code-less -ERR to a login command as bad credentials, and to anything else as plain negative', () => {
    expect(negativeCode('PASS', null)).toBe('POP3_ERR_AUTH');
    expect(negativeCode('AUTH', null)).toBe('POP3_ERR_AUTH');
    expect(negativeCode('RETR', null)).toBe('POP3_ERR_NEGATIVE');
    expect(negativeCode('PASS', 'X-UNKNOWN')).toBe('POP3_ERR_NEGATIVE');
    expect(negativeCode('RETR', 'in-use')).toBe('POP3_ERR_IN_USE');
  });
});
