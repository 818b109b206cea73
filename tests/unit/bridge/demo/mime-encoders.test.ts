import { describe, expect, it } from 'vitest';
import { base64Lines, encodeCharset, encodedWords, quotedPrintable } from '../../../../bridge/demo/mime-encoders.ts';

describe('encodeCharset', () => {
  it('round-trips through TextDecoder for every legacy charset it supports', () => {
    const samples = [
      ['iso-8859-1', 'Grüße'],
      ['iso-8859-2', 'Zażółć'],
      ['iso-8859-7', 'Καλημέρα'],
      ['koi8-r', 'Привет, ёж'],
      ['iso-2022-jp', 'こんにちは Satchel 漢字'],
    ] as const;
    for (const [charset, text] of samples) expect(new TextDecoder(charset).decode(encodeCharset(text, charset))).toBe(text);
  });

  it('refuses a character the charset cannot hold', () => {
    expect(() => encodeCharset('🎒', 'iso-8859-1')).toThrow(/no iso-8859-1 encoding/);
  });
});

describe('quotedPrintable', () => {
  it('escapes "=", 8-bit octets and trailing spaces', () => {
    expect(quotedPrintable(Buffer.from('a=b é \nend', 'latin1'))).toBe('a=3Db =E9=20\nend');
  });

  it('wraps long lines at 76 characters without splitting an escape', () => {
    const encoded = quotedPrintable(Buffer.from('é'.repeat(60), 'latin1'));
    for (const line of encoded.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).toMatch(/^(=[0-9A-F]{2})*=?$/);
    }
  });
});

describe('base64Lines', () => {
  it('wraps at 76 characters', () => {
    const lines = base64Lines(Buffer.alloc(200)).split('\n');
    expect(lines[0]).toHaveLength(76);
    expect(lines.join('')).toBe(Buffer.alloc(200).toString('base64'));
  });
});

describe('encodedWords', () => {
  it('splits long text into words of at most 75 characters that each decode alone', () => {
    const text = 'Отчёт о синхронизации: всё дошло, и даже немного больше текста';
    const words = encodedWords(text, 'utf-8').split('\n ');
    expect(words.length).toBeGreaterThan(1);
    const decoded = words.map((word) => {
      expect(word.length).toBeLessThanOrEqual(75);
      const [, charset, , payload] = word.split('?');
      return new TextDecoder(charset).decode(Buffer.from(payload ?? '', 'base64'));
    });
    expect(decoded.join('')).toBe(text);
  });
});
