import { describe, expect, it } from 'vitest';
import { generateMailbox } from '../../support/generated-mail.ts';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('generateMailbox', () => {
  it('gives the same bytes for the same seed, and different ones for another seed', () => {
    const a = generateMailbox({ count: 20, seed: 7 });
    const b = generateMailbox({ count: 20, seed: 7 });
    const c = generateMailbox({ count: 20, seed: 8 });
    expect(a.map(text)).toEqual(b.map(text));
    expect(a.map(text)).not.toEqual(c.map(text));
  });

  it('makes message n the same whatever count is asked for', () => {
    expect(text(generateMailbox({ count: 3, seed: 1 })[2]!)).toBe(text(generateMailbox({ count: 50, seed: 1 })[2]!));
  });

  it('uses CRLF line ends only and ends every message with CRLF', () => {
    for (const message of generateMailbox({ count: 60, seed: 3 })) {
      const body = text(message);
      expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(body.endsWith('\r\n')).toBe(true);
    }
  });

  it('includes lines starting with a dot, encoded non-ASCII subjects and base64 attachments', () => {
    const all = generateMailbox({ count: 60, seed: 3 }).map(text);
    expect(all.some((m) => /\r\n\.(\r\n|\.|\w| )/.test(m))).toBe(true);
    expect(all.some((m) => /^Subject: =\?UTF-8\?B\?/m.test(m))).toBe(true);
    expect(all.some((m) => m.includes('Content-Transfer-Encoding: base64'))).toBe(true);
    const encoded = all.find((m) => /^Subject: =\?UTF-8\?B\?/m.test(m))!;
    const words = [...encoded.matchAll(/=\?UTF-8\?B\?([^?]+)\?=/g)].map((w) => Buffer.from(w[1]!, 'base64').toString('utf8'));
    expect(words.join('')).toMatch(/[^\x00-\x7f]/);
  });

  it('keeps header lines within 998 octets and base64 lines at 76 characters', () => {
    for (const message of generateMailbox({ count: 40, seed: 5 }).map(text)) {
      const lines = message.split('\r\n');
      for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(998);
      const base64 = lines.filter((line) => /^[A-Za-z0-9+/]{40,}={0,2}$/.test(line));
      for (const line of base64) expect(line.length).toBeLessThanOrEqual(76);
    }
  });

  it('makes every largeEvery-th message at least a megabyte', () => {
    const sizes = generateMailbox({ count: 10, seed: 2, largeEvery: 5 }).map((m) => m.byteLength);
    expect(sizes[4]).toBeGreaterThan(1_000_000);
    expect(sizes[9]).toBeGreaterThan(1_000_000);
    expect(sizes.filter((size) => size > 1_000_000)).toHaveLength(2);
  });

  it('gives every message a unique Message-ID', () => {
    const ids = generateMailbox({ count: 100, seed: 9 }).map((m) => /^Message-ID: (.*)$/m.exec(text(m))![1]);
    expect(new Set(ids).size).toBe(100);
  });
});

describe("generateMailbox({ shape: 'reference' })", () => {
  // The bench's reference mailbox (DESIGN.md "Targets"): 2,000 messages, ~100 MB, median 7.5 kB, 129 large ones.
  const mailbox = generateMailbox({ count: 2000, seed: 4, shape: 'reference' });
  const sizes = mailbox.map((m) => m.byteLength);
  const sorted = [...sizes].sort((a, b) => a - b);

  it('has the reference shape: about 100 MB, median about 7.5 kB, 129 messages of 100 kB–1.8 MB', () => {
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(total).toBeGreaterThan(95_000_000);
    expect(total).toBeLessThan(110_000_000);
    expect(sorted[1000]).toBeGreaterThan(6_500);
    expect(sorted[1000]).toBeLessThan(8_500);
    const large = sizes.filter((size) => size >= 100_000);
    expect(large).toHaveLength(129);
    for (const size of large) expect(size).toBeLessThanOrEqual(1_850_000);
  });

  it('gives every large message binary (base64) attachments and keeps most others plain text', () => {
    const text = mailbox.map((m) => Buffer.from(m).toString('utf8'));
    for (const [i, message] of text.entries()) if (sizes[i]! >= 100_000) expect(message).toContain('Content-Transfer-Encoding: base64');
    const plain = text.filter((m) => m.includes('Content-Type: text/plain') && !m.includes('multipart/mixed'));
    expect(plain.length).toBeGreaterThan(1600);
  });

  it('is deterministic, and message n does not depend on count', () => {
    const again = generateMailbox({ count: 300, seed: 4, shape: 'reference' });
    expect(again.map(text)).toEqual(mailbox.slice(0, 300).map(text));
  });

  it('leaves the default shape as it was', () => {
    expect(generateMailbox({ count: 30, seed: 4, shape: 'classic' }).map(text)).toEqual(generateMailbox({ count: 30, seed: 4 }).map(text));
  });

  it('keeps CRLF line ends and header lines within 998 octets', () => {
    for (const message of mailbox.slice(0, 200).map(text)) {
      expect(message.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      for (const line of message.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(998);
    }
  });
});
