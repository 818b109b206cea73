import { describe, expect, it } from 'vitest';
import { answerReader, type AnswerReader } from '../../../../shared/pop3/answer-readers.ts';
import { DEFAULT_POP3_LIMITS, Pop3RemoteProtocolError } from '../../../../shared/pop3/index.ts';

function lineReader(reader: AnswerReader): Extract<AnswerReader, { kind: 'line' }> {
  if (reader.kind !== 'line') throw new Error(`expected a line reader, got ${reader.kind}`);
  return reader;
}

function linesReader(reader: AnswerReader): Extract<AnswerReader, { kind: 'lines' }> {
  if (reader.kind !== 'lines') throw new Error(`expected a lines reader, got ${reader.kind}`);
  return reader;
}

describe('answerReader', () => {
  it('reads LIST and UIDL with a message number from the status line, and without one as a listing', () => {
    expect(answerReader('LIST', 3).kind).toBe('line');
    expect(answerReader('UIDL', 3).kind).toBe('line');
    expect(answerReader('LIST', undefined).kind).toBe('lines');
    expect(answerReader('UIDL', undefined).kind).toBe('lines');
  });

  it('reads RETR and TOP as message bytes and CAPA as lines', () => {
    expect(answerReader('RETR', 1).kind).toBe('message');
    expect(answerReader('TOP', 1).kind).toBe('message');
    expect(answerReader('CAPA', undefined).kind).toBe('lines');
  });

  it('lets only AUTH take "+ " continuations', () => {
    expect(answerReader('AUTH', undefined).continuations).toBe(true);
    for (const command of ['USER', 'PASS', 'STLS', 'CAPA', 'RETR', 'LIST'] as const) {
      expect(answerReader(command, 1).continuations).toBe(false);
    }
  });

  it('refuses a single-line LIST answer for another message', () => {
    const reader = lineReader(answerReader('LIST', 3));
    expect(reader.read('3 120', null, { command: 'LIST', msg: 3 })).toEqual({ type: 'scan-listing', entries: [{ msg: 3, size: 120 }] });
    expect(() => reader.read('4 120', null, { command: 'LIST', msg: 3 })).toThrow(Pop3RemoteProtocolError);
  });

  it('reads unique-ids one character per byte, so 8-bit ids stay distinct', () => {
    expect(linesReader(answerReader('UIDL', undefined)).charset).toBe('windows-1252');
    expect(linesReader(answerReader('LIST', undefined)).charset).toBe('utf-8');
  });

  it('leaves out a UIDL listing line whose id is unusable and keeps the rest', () => {
    const collector = linesReader(answerReader('UIDL', undefined)).start(DEFAULT_POP3_LIMITS);
    collector.add('1 abc');
    collector.add('2 a\u0001b');
    collector.add('3 def');
    expect(collector.finish()).toEqual({ type: 'unique-id-listing', entries: [{ msg: 1, uid: 'abc' }, { msg: 3, uid: 'def' }] });
  });

  it('stops a CAPA answer longer than maxCapaLines', () => {
    const collector = linesReader(answerReader('CAPA', undefined)).start({ ...DEFAULT_POP3_LIMITS, maxCapaLines: 2 });
    collector.add('TOP');
    collector.add('UIDL');
    expect(() => collector.add('USER')).toThrow(expect.objectContaining({ code: 'POP3_ERR_CAPA_TOO_LONG' }));
  });
});
