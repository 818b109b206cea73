import { describe, expect, it } from 'vitest';
import { asctime, mboxFromLine, mboxParts, mboxrdQuote } from '../../../../web/src/lib/export/mboxrd.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

/** The reader's side of mboxrd: split on "From " lines and take one '>' off ">+From " lines. */
function readMbox(file: string): string[] {
  const messages: string[] = [];
  for (const line of file.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('From ')) messages.push('');
    else if (messages.length > 0) messages[messages.length - 1] += `${/^>+From /.test(line) ? line.slice(1) : line}\n`;
  }
  return messages.map((m) => m.replace(/\n\n$/, '\n'));
}

describe('mboxrdQuote', () => {
  it('adds one > before a From line in the body', () => {
    expect(text(mboxrdQuote(bytes('Subject: x\r\n\r\nFrom here on\r\n')))).toBe('Subject: x\n\nFrom here on\n'.replace('\nFrom', '\n>From'));
  });

  it('adds one more > before already quoted >From and >>From lines', () => {
    expect(text(mboxrdQuote(bytes('a\n>From x\n>>From y\n')))).toBe('a\n>>From x\n>>>From y\n');
  });

  it('leaves From without a space, From in mid-line and > lines alone', () => {
    const body = 'Fromage\nsaid From me\n> quoted\nFROM shout\n';
    expect(text(mboxrdQuote(bytes(body)))).toBe(body);
  });

  it('quotes a From line at the very start of the bytes', () => {
    expect(text(mboxrdQuote(bytes('From start\n')))).toBe('>From start\n');
  });

  it('turns CRLF into LF and ends with a newline', () => {
    expect(text(mboxrdQuote(bytes('a\r\nb')))).toBe('a\nb\n');
  });

  it('keeps bytes that are not UTF-8 exactly as they were', () => {
    const latin1 = Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]);
    expect(mboxrdQuote(latin1)).toEqual(latin1);
  });
});

describe('mboxFromLine', () => {
  it('writes the sender and an asctime date in UTC', () => {
    expect(mboxFromLine('ann@example.org', Date.UTC(2025, 0, 2, 3, 4, 5))).toBe('From ann@example.org Thu Jan  2 03:04:05 2025\n');
  });

  it('uses MAILER-DAEMON for an unknown sender and strips spaces that would break the line', () => {
    expect(mboxFromLine(null, 0)).toBe(`From MAILER-DAEMON ${asctime(0)}\n`);
    expect(mboxFromLine('a b\n@x', 0)).toBe(`From ab@x ${asctime(0)}\n`);
  });
});

describe('mboxParts', () => {
  it('round-trips messages that contain From lines through a mboxrd reader', () => {
    const first = 'Subject: one\n\nFrom the start\n>From quoted\nend\n';
    const second = 'Subject: two\n\nplain\n';
    const parts = mboxParts([
      { raw: bytes(first), sender: 'a@x', date: 0 },
      { raw: bytes(second), sender: null, date: 1 },
    ]);
    const file = parts.map(text).join('');
    expect(file.split('\n').filter((line) => line.startsWith('From '))).toHaveLength(2);
    expect(readMbox(file)).toEqual([first, second]);
  });
});
