import { describe, expect, it } from 'vitest';
import { AnswerSplitter, CommandLineSplitter } from '../../support/pop3-conversation.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

const COMMANDS = 'CAPA\r\nLIST\r\nLIST 1\r\nRETR 1\r\nRETR 2\r\nUIDL\r\nQUIT\r\n';
const GREETING = '+OK ready\r\n';
const ANSWERS = [
  GREETING,
  '+OK\r\nTOP\r\nPIPELINING\r\n.\r\n',
  '+OK 2 messages\r\n1 120\r\n2 7\r\n.\r\n',
  '+OK 1 120\r\n',
  // Dot-stuffed lines and a "." that only starts a line are not the terminator.
  '+OK 120 octets\r\n..hidden\r\n.x\r\nbody .\r\n\r\n.\r\n',
  '-ERR [SYS/TEMP] try later\r\n',
  '+OK\r\n.\r\n',
  '+OK bye\r\n',
];

/** Feeds `chunks` and returns each answer's bytes as the splitter cut them. */
function split(chunks: Uint8Array[]): string[] {
  const commands = new CommandLineSplitter();
  const answers = new AnswerSplitter();
  for (const command of commands.push(bytes(COMMANDS))) answers.expect(command);
  const out: string[] = [];
  for (const chunk of chunks) {
    for (const piece of answers.push(chunk)) out[piece.answer] = (out[piece.answer] ?? '') + text(piece.bytes);
  }
  return out;
}

describe('CommandLineSplitter', () => {
  it('numbers each command among those of its name and holds a partial line until its CRLF', () => {
    const splitter = new CommandLineSplitter();
    expect(splitter.push(bytes('RETR 1\r\nRE')).map((c) => [c.name, c.nth, c.index, c.multiLine])).toEqual([['RETR', 1, 1, true]]);
    expect(splitter.push(bytes('TR 2\r\ndele 1\r\nLIST 3\r\n')).map((c) => [c.name, c.nth, c.index, c.multiLine])).toEqual([
      ['RETR', 2, 2, true],
      ['DELE', 1, 3, false],
      ['LIST', 1, 4, false],
    ]);
    splitter.push(bytes('QU'));
    expect(text(splitter.takePartial())).toBe('QU');
  });
});

describe('AnswerSplitter', () => {
  it('ends each answer of a pipelined batch where POP3 ends it: status line, or the "." line after +OK', () => {
    expect(split([bytes(ANSWERS.join(''))])).toEqual(ANSWERS);
  });

  it('finds the same ends whichever byte a chunk ends at', () => {
    const all = bytes(ANSWERS.join(''));
    for (let at = 1; at < all.length; at++) expect(split([all.subarray(0, at), all.subarray(at)])).toEqual(ANSWERS);
    expect(split([...all].map((b) => new Uint8Array([b])))).toEqual(ANSWERS);
  });

  it('reports the status line length of a multi-line answer on its pieces', () => {
    const commands = new CommandLineSplitter();
    const answers = new AnswerSplitter();
    for (const command of commands.push(bytes('RETR 1\r\n'))) answers.expect(command);
    const pieces = [...answers.push(bytes('+OK hi\r\n+OK 4\r\nab')), ...answers.push(bytes('\r\n.\r\n'))];
    expect(pieces.map((p) => [p.answer, p.ends, p.statusLength])).toEqual([
      [0, true, 8],
      [1, false, 7],
      [1, true, 7],
    ]);
  });
});
