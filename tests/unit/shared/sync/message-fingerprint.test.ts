import { describe, expect, it } from 'vitest';
import { messageFingerprint, sameMessage } from '../../../../shared/sync/index.ts';
import { fastestMs, repeatTo } from '../../../support/scan-time.ts';

const enc = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const message = (n: number, extra = '', eol = '\r\n'): string =>
  [`From: Sender ${n} <s${n}@example.org>`, `Subject: message ${n}`, `Date: Sun, ${n} Nov 2026 10:00:00 +0000`, `Message-ID: <m${n}@example.org>`, ...(extra ? [extra] : []), '', `body ${n}`, ''].join(eol);
const top = (text: string): Uint8Array => enc(text.slice(0, text.search(/\r?\n\r?\n/) + 4));

describe('sameMessage', () => {
  it("takes a RETR answer for the message whose TOP answer gave the same header block", () => {
    expect(sameMessage(messageFingerprint(top(message(1))), messageFingerprint(enc(message(1))))).toBe(true);
  });

  it("refuses another message's RETR answer", () => {
    expect(sameMessage(messageFingerprint(top(message(1))), messageFingerprint(enc(message(2))))).toBe(false);
  });

  it('takes an answer whose header block differs only outside Message-ID, Date, From and Subject (a MIME boundary new on every answer)', () => {
    const a = message(3, 'Content-Type: multipart/mixed; boundary="=_123-1700000000"');
    const b = message(3, 'Content-Type: multipart/mixed;\r\n boundary="=_456-1700000001"');
    expect(sameMessage(messageFingerprint(enc(a)), messageFingerprint(enc(b)))).toBe(true);
  });

  it('compares field names case-insensitively and folded values unfolded', () => {
    const a = 'subject: a long\r\n  subject\r\nFROM: x@example.org\r\n\r\nbody\r\n';
    const b = 'Subject: a long subject\r\nFrom:  x@example.org\r\nX-New: 1\r\n\r\nother body\r\n';
    expect(sameMessage(messageFingerprint(enc(a)), messageFingerprint(enc(b)))).toBe(true);
  });

  it('ends the header block at an empty line whatever its line ends (CRLF, bare LF, CR CR LF)', () => {
    for (const eol of ['\r\n', '\n', '\r\r\n']) {
      const text = message(4, '', eol);
      const fingerprint = messageFingerprint(enc(text));
      expect(fingerprint.headerLength, JSON.stringify(eol)).toBe(text.indexOf(`${eol}${eol}`) + 2 * eol.length);
      expect(fingerprint.fields[3]).toBe('message 4');
    }
  });

  it('holds against an answer only a field both sides have and that differs', () => {
    const full = message(5);
    const withoutMessageId = full.replace(/Message-ID: [^\r]*\r\n/, '');
    expect(sameMessage(messageFingerprint(enc(full)), messageFingerprint(enc(withoutMessageId)))).toBe(true);
    expect(sameMessage(messageFingerprint(enc(withoutMessageId)), messageFingerprint(enc(message(6).replace(/Message-ID: [^\r]*\r\n/, ''))))).toBe(false);
  });

  it('takes two header-less answers as the same: there is nothing to tell them apart by', () => {
    expect(sameMessage(messageFingerprint(enc('X: 1\r\n\r\na\r\n')), messageFingerprint(enc('Y: 2\r\n\r\nb\r\n')))).toBe(true);
  });

  it('reads adversarial header blocks of 1 MB in linear time', () => {
    for (const text of [`Subject: a\r\n${repeatTo(' folded\r\n')}`, repeatTo('Subject: again\r\n'), repeatTo('\r'), repeatTo(':')]) {
      const bytes = enc(text);
      expect(fastestMs(() => messageFingerprint(bytes))).toBeLessThan(1_000);
    }
  });
});
