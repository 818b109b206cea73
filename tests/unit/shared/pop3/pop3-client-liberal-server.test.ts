// Be liberal in what we accept (DESIGN.md invariant 9): output real servers send that RFC 1939
// does not allow, read the way those servers mean it.
import { describe, expect, it } from 'vitest';
import { exchange, transactionClient } from './support/drive.ts';

const text = (data: Uint8Array): string => new TextDecoder().decode(data);

describe('Pop3Client facing real-world servers', () => {
  it('ends a message at a bare-LF terminator ".\\n" instead of waiting for more', () => {
    const events = exchange(transactionClient(), { type: 'RETR', msg: 1 }, '+OK\nSubject: x\n\nbody\n.\n');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'message', msg: 1 });
    expect(text((events[0] as { bytes: Uint8Array }).bytes)).toBe('Subject: x\n\nbody\n');
  });

  it('still unstuffs a bare-LF body line that starts with a dot', () => {
    const [event] = exchange(transactionClient(), { type: 'RETR', msg: 1 }, '+OK\nSubject: x\n\n..hidden\n.\n');
    expect(text((event as { bytes: Uint8Array }).bytes)).toBe('Subject: x\n\n.hidden\n');
  });

  it('accepts unique-ids longer than 70 characters, with spaces inside and 8-bit bytes', () => {
    const long = 'a'.repeat(200);
    // exchange() sends each character as one byte: "caf\xe9" and "caf\xe8" are 8-bit ids.
    const [event] = exchange(transactionClient(), { type: 'UIDL' }, `+OK\r\n1 ${long}\r\n2 abc def\r\n3 caf\xe9\r\n4 caf\xe8\r\n5  padded  \r\n.\r\n`);
    expect(event).toMatchObject({ type: 'unique-id-listing', entries: [{ msg: 1, uid: long }, { msg: 2, uid: 'abc def' }, { msg: 3 }, { msg: 4 }, { msg: 5, uid: 'padded' }] });
    const entries = (event as { entries: Array<{ uid: string }> }).entries;
    // Two different 8-bit ids stay two different keys.
    expect(entries[2]!.uid).not.toBe(entries[3]!.uid);
  });

  it('lists a unique-id given to two messages instead of failing the listing', () => {
    const [event] = exchange(transactionClient(), { type: 'UIDL' }, '+OK\r\n1 same\r\n2 other\r\n3 same\r\n.\r\n');
    expect(event).toMatchObject({ type: 'unique-id-listing', entries: [{ msg: 1, uid: 'same' }, { msg: 2, uid: 'other' }, { msg: 3, uid: 'same' }] });
  });

  it('keeps refusing message numbers listed out of order, since then no pairing can be trusted', () => {
    expect(() => exchange(transactionClient(), { type: 'UIDL' }, '+OK\r\n2 a\r\n1 b\r\n.\r\n')).toThrow(expect.objectContaining({ code: 'POP3_ERR_BAD_LISTING' }));
  });

  it('leaves a message whose unique-id cannot key it out of the listing, and lists the others', () => {
    const [event] = exchange(transactionClient(), { type: 'UIDL' }, '+OK\r\n1 good\r\n2 abc\x01def\r\n3\r\n4 fine\r\n.\r\n');
    expect(event).toMatchObject({ type: 'unique-id-listing', entries: [{ msg: 1, uid: 'good' }, { msg: 4, uid: 'fine' }] });
  });
});
