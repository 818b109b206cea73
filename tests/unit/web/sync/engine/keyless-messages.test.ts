import { describe, expect, it } from 'vitest';
import { digestKey, headerBlock, keylessMessages } from '../../../../../web/src/lib/sync/engine/keyless-messages.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe('keyless messages', () => {
  it('takes every listed message when the server has no UIDL', () => {
    expect(keylessMessages([{ msg: 1, size: 10 }, { msg: 2, size: 20 }], null, [])).toEqual([{ msg: 1, size: 10 }, { msg: 2, size: 20 }]);
  });

  it('takes the messages of a duplicated unique-id and those missing from UIDL', () => {
    const list = [1, 2, 3, 4].map((msg) => ({ msg, size: msg * 10 }));
    const uidl = [{ msg: 1, uid: 'a' }, { msg: 2, uid: 'same' }, { msg: 3, uid: 'same' }];
    expect(keylessMessages(list, uidl, ['same']).map((e) => e.msg)).toEqual([2, 3, 4]);
  });

  it('reads the header block up to the first empty line, CRLF or bare LF', () => {
    expect(text(headerBlock(bytes('A: 1\r\nB: 2\r\n\r\nbody\r\n')))).toBe('A: 1\r\nB: 2\r\n\r\n');
    expect(text(headerBlock(bytes('A: 1\nB: 2\n\nbody\n')))).toBe('A: 1\nB: 2\n\n');
    expect(text(headerBlock(bytes('A: 1\r\n')))).toBe('A: 1\r\n');
  });

  it('gives TOP 0 and RETR of one message the same key, and other headers or sizes another', async () => {
    const top = bytes('Subject: x\r\nDate: y\r\n\r\n');
    const retr = bytes('Subject: x\r\nDate: y\r\n\r\nthe body\r\n');
    expect(await digestKey(top, 42)).toBe(await digestKey(retr, 42));
    expect(await digestKey(top, 42)).toMatch(/^digest:[0-9a-f]{32}:42$/);
    expect(await digestKey(top, 43)).not.toBe(await digestKey(top, 42));
    expect(await digestKey(bytes('Subject: z\r\n\r\n'), 42)).not.toBe(await digestKey(top, 42));
  });
});
