import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, highlightTermsOf, normalizeText } from '../../../../web/src/lib/search/text-analysis.ts';

describe('analyze', () => {
  it('folds case and accents, and splits on anything that is not a letter or digit', () => {
    expect(analyze('Frösche, ÄRGER & café-au-lait 42')).toEqual(['frosche', 'arger', 'cafe', 'au', 'lait', '42']);
  });

  it('cuts runs of Han, kana and Hangul into overlapping bigrams, and keeps a lone one', () => {
    expect(analyze('日本語のテキスト')).toEqual(['日本', '本語', '語の', 'のテ', 'テキ', 'キス', 'スト']);
    expect(analyze('한국말로')).toEqual(['한국', '국말', '말로']);
    expect(analyze('abc漢def')).toEqual(['abc', '漢', 'def']);
  });

  it('keeps kana voicing marks but drops Arabic harakat and Hebrew points', () => {
    expect(analyze('が')).toEqual(['が']);
    expect(analyze('شُكْرًا')).toEqual(analyze('شكرا'));
    expect(analyze('שָׁלוֹם')).toEqual(analyze('שלום'));
  });

  it('drops tokens longer than 40 characters (base64 read as text)', () => {
    expect(analyze(`short ${'x'.repeat(41)} end`)).toEqual(['short', 'end']);
  });

  it('gives the same tokens for text and its NFD form', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        expect(analyze(text.normalize('NFD'))).toEqual(analyze(text.normalize('NFC')));
      }),
    );
  });

  it('is idempotent on its own tokens', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        for (const token of analyze(text)) expect(analyze(token)).toEqual([token]);
      }),
    );
  });
});

describe('highlightTermsOf', () => {
  it('keeps CJK runs whole and Latin words apart', () => {
    expect(highlightTermsOf('Café 日本語')).toEqual(['cafe', '日本語']);
  });

  it('returns what normalizeText makes of each word', () => {
    expect(highlightTermsOf('ÉCOLE')).toEqual([normalizeText('école')]);
  });
});
