import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SearchError } from '../../../../web/src/lib/search/error-codes.ts';
import { MAX_QUERY_LENGTH, parseSearchQuery } from '../../../../web/src/lib/search/query-parser.ts';

function codeOf(input: string): string | null {
  try {
    parseSearchQuery(input);
    return null;
  } catch (error) {
    return error instanceof SearchError ? error.code : 'not a SearchError';
  }
}

describe('parseSearchQuery', () => {
  it('puts bare words in one clause over every field, folded to lower case without accents', () => {
    const query = parseSearchQuery('Frösche  ÄRGER');
    expect(query.clauses).toEqual([{ field: 'any', tokens: ['frosche', 'arger'], phrase: false, words: ['frosche', 'arger'] }]);
    expect(query.terms).toEqual(['frosche', 'arger']);
  });

  it('reads from:, to: and subject: with a word or a quoted phrase, in any case', () => {
    const query = parseSearchQuery('FROM:ada to:"Grace Hopper" Subject:budget');
    expect(query.clauses).toEqual([
      { field: 'from', tokens: ['ada'], phrase: false, words: ['ada'] },
      { field: 'to', tokens: ['grace', 'hopper'], phrase: true, words: ['grace', 'hopper'] },
      { field: 'subject', tokens: ['budget'], phrase: false, words: ['budget'] },
    ]);
  });

  it('makes a quoted phrase of several words a phrase clause, and of one word a bare word', () => {
    expect(parseSearchQuery('"mailing list"').clauses).toEqual([{ field: 'any', tokens: ['mailing', 'list'], phrase: true, words: ['mailing', 'list'] }]);
    expect(parseSearchQuery('"hello"').clauses).toEqual([{ field: 'any', tokens: ['hello'], phrase: false, words: ['hello'] }]);
  });

  it('cuts CJK into bigrams that must stand together, and highlights the word whole', () => {
    const three = parseSearchQuery('日本語');
    expect(three.clauses).toEqual([{ field: 'any', tokens: ['日本', '本語'], phrase: true, words: ['日本語'] }]);
    expect(three.terms).toEqual(['日本語']);
    expect(parseSearchQuery('漢字').clauses).toEqual([{ field: 'any', tokens: ['漢字'], phrase: false, words: ['漢字'] }]);
  });

  it('reads has:attachment, is:unread and dates as filters, not words', () => {
    const query = parseSearchQuery('has:attachment is:UNREAD after:2024-01-31 before:2024/2/29');
    expect(query.clauses).toEqual([]);
    expect(query).toMatchObject({ hasAttachment: true, unread: true, after: new Date(2024, 0, 31).getTime(), before: new Date(2024, 1, 29).getTime() });
  });

  it('treats words that only look like operators as words', () => {
    expect(parseSearchQuery('https://example.org cc:me').clauses[0]?.tokens).toEqual(['https', 'example', 'org', 'cc', 'me']);
  });

  it.each([
    ['"unclosed phrase', 'SEARCH_ERR_UNCLOSED_QUOTE'],
    ['from:"unclosed', 'SEARCH_ERR_UNCLOSED_QUOTE'],
    ['from:', 'SEARCH_ERR_EMPTY_OPERATOR'],
    ['subject: budget', 'SEARCH_ERR_EMPTY_OPERATOR'],
    ['has:pdf', 'SEARCH_ERR_BAD_VALUE'],
    ['is:read', 'SEARCH_ERR_BAD_VALUE'],
    ['before:yesterday', 'SEARCH_ERR_BAD_DATE'],
    ['after:2024-02-30', 'SEARCH_ERR_BAD_DATE'],
    ['after:2024-13-01', 'SEARCH_ERR_BAD_DATE'],
    ['from:!!!', 'SEARCH_ERR_NOTHING_TO_FIND'],
    ['--- ...', 'SEARCH_ERR_NOTHING_TO_FIND'],
    ['', 'SEARCH_ERR_NOTHING_TO_FIND'],
    ['a'.repeat(MAX_QUERY_LENGTH + 1), 'SEARCH_ERR_TOO_LONG'],
  ])('refuses %j with %s', (input, code) => {
    expect(codeOf(input)).toBe(code);
  });

  it('takes its length limit from the caller', () => {
    expect(() => parseSearchQuery('abcdef', 5)).toThrow(expect.objectContaining({ code: 'SEARCH_ERR_TOO_LONG' }));
  });

  it('either parses or throws a SearchError, for any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: fc.constantFrom('a', 'É', ' ', '"', ':', 'from', 'is', 'has', 'before', '-', '2024', '日', '本', '\u0301', '\t', '*') }), (input) => {
        const code = codeOf(input);
        expect(code === null || code.startsWith('SEARCH_ERR_')).toBe(true);
      }),
    );
  });

  it('finds the same tokens whatever the case and accents of the words typed', () => {
    const word = fc.stringMatching(/^[a-zäöüéèçñ]{1,12}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const plain = parseSearchQuery(words.join(' ').normalize('NFD').replace(/\p{M}/gu, ''));
        const shouted = parseSearchQuery(words.join(' ').toUpperCase());
        expect(shouted.clauses).toEqual(plain.clauses);
      }),
    );
  });

  it('reads back every real date written YYYY-MM-DD as that local day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(1971, 0, 1), max: new Date(9998, 11, 31), noInvalidDate: true }), (date) => {
        const text = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
        expect(parseSearchQuery(`after:${text}`).after).toBe(new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime());
      }),
    );
  });

  it('keeps every word of a quoted phrase, in order, as its tokens', () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,10}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 6 }), fc.constantFrom(' ', ', ', ' - ', '  '), (words, separator) => {
        const [clause] = parseSearchQuery(`"${words.join(separator)}"`).clauses;
        expect(clause).toEqual({ field: 'any', tokens: words, phrase: true, words });
      }),
    );
  });
});
