import { describe, expect, it } from 'vitest';
import { auditDelivery, normaliseMessage } from '../../bench/delivery-audit.ts';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const source = [bytes('From: a\r\nSubject: one\r\n\r\nbody one\r\n'), bytes('From: b\r\nSubject: two\r\n\r\nbody two\r\n')];

describe('normaliseMessage', () => {
  it('ignores line ends, trailing line breaks and header fields a delivering client adds', () => {
    const delivered = 'Received: from localhost\n\tby fetchmail; today\nX-Fetchmail-Warning: x\nFrom: a\nSubject: one\n\nbody one\n\n';
    expect(normaliseMessage(bytes(delivered))).toBe(normaliseMessage(source[0]!));
  });

  it('drops an mbox "From " separator line', () => {
    expect(normaliseMessage(bytes('From MAILER-DAEMON Thu Jan  1 00:00:00 2024\nFrom: a\n\nx\n'))).toBe('From: a\n\nx');
  });
});

describe('auditDelivery', () => {
  it('counts a clean delivery as nothing lost, duplicated or truncated', () => {
    expect(auditDelivery(source, [source[1]!, source[0]!])).toEqual({ expected: 2, delivered: 2, lost: 0, duplicated: 0, truncated: 0 });
  });

  it('counts a second copy as a duplicate and a partial copy as truncated', () => {
    const partial = source[1]!.subarray(0, 20);
    expect(auditDelivery(source, [source[0]!, source[0]!, partial, source[1]!])).toEqual({ expected: 2, delivered: 4, lost: 0, duplicated: 1, truncated: 1 });
  });

  it('counts what never arrived as lost', () => {
    expect(auditDelivery(source, [source[0]!])).toMatchObject({ lost: 1, duplicated: 0, truncated: 0 });
  });
});
