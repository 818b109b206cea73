import { describe, expect, it } from 'vitest';
import { highlightRuns } from '../../../../web/src/lib/search/highlight.ts';

const marked = (text: string, terms: string[]) => highlightRuns(text, terms).filter((run) => run.marked).map((run) => run.text);

describe('highlightRuns', () => {
  it('marks whole words whatever their case and accents, in the original spelling', () => {
    expect(marked('Frösche und FROSCHE, froschegarten', ['frosche'])).toEqual(['Frösche', 'FROSCHE']);
  });

  it('marks a CJK word inside a run of CJK and a Latin word beside it', () => {
    expect(marked('件名: 日本語メールテスト abc', ['日本語', 'abc'])).toEqual(['日本語', 'abc']);
  });

  it('keeps every character of the text, in order', () => {
    const text = 'Café crème at the café; cafe.';
    expect(highlightRuns(text, ['cafe']).map((run) => run.text).join('')).toBe(text);
    expect(marked(text, ['cafe'])).toEqual(['Café', 'café', 'cafe']);
  });

  it('keeps a decomposed accent with its letter', () => {
    expect(marked('Cafe\u0301 noir', ['cafe'])).toEqual(['Cafe\u0301']);
  });

  it('marks nothing without terms', () => {
    expect(highlightRuns('plain text', [])).toEqual([{ text: 'plain text', marked: false }]);
  });
});
