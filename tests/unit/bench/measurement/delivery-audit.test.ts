import { describe, expect, it } from 'vitest';
import { auditDelivery, normaliseMessage } from '../../../bench/measurement/delivery-audit.ts';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const source = [bytes('From: a\r\nSubject: one\r\n\r\nbody one\r\n'), bytes('From: b\r\nSubject: two\r\n\r\nbody two\r\n')];

describe('normaliseMessage', () => {
  it('ignores line ends, trailing line breaks and header fields a delivering client adds', () => {
    const delivered = 'Received: from localhost\n\tby fetchmail; today\nX-Fetchmail-Warning: x\nFrom: a\nSubject: one\n\nbody one\n\n';
    expect(normaliseMessage(bytes(delivered))).toBe(normaliseMessage(source[0]!));
  });

  it("drops fetchmail's Received field where fetchmail puts it, before the message's own first Received, and keeps that one", () => {
    const original = 'MIME-Version: 1.0\r\nReceived: by 10.0.0.1 with HTTP; Fri, 5 Jul 2013\r\nSubject: s\r\n\r\nReceived: (fetchmail-6.4.37) in the body stays\r\n';
    const delivered = 'MIME-Version: 1.0\nReceived: from localhost [127.0.0.1]\n\tby vm with POP3 (fetchmail-6.4.37)\n\tfor <root@localhost> (single-drop); Sun, 29 Nov 2026\nReceived: by 10.0.0.1 with HTTP; Fri, 5 Jul 2013\nSubject: s\n\nReceived: (fetchmail-6.4.37) in the body stays\n';
    expect(normaliseMessage(bytes(delivered))).toBe(normaliseMessage(bytes(original)));
    expect(normaliseMessage(bytes(original))).toContain('Received: by 10.0.0.1');
    expect(normaliseMessage(bytes(original))).toContain('in the body stays');
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
