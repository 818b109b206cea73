/**
 * The 20 fixed queries of docs/SEARCH.md: the library comparison ran them on 10,000 corpus
 * documents in Node, and the app's search bench runs them in Chromium on the large mailbox.
 */
export const FIXED_QUERIES: ReadonlyArray<{ query: string; kind: string }> = [
  { query: 'message', kind: 'single word, common' },
  { query: 'microsoft', kind: 'single word' },
  { query: 'unsubscribe', kind: 'single word' },
  { query: 'deliv*', kind: 'prefix' },
  { query: 'attach*', kind: 'prefix' },
  { query: 'delivery failed', kind: 'two-word AND' },
  { query: 'mailing list', kind: 'two-word AND' },
  { query: '"mailing list"', kind: 'quoted phrase' },
  { query: '"delivery status notification"', kind: 'quoted phrase, 3 words' },
  { query: 'frösche', kind: 'accented' },
  { query: 'frosche', kind: 'same word unaccented' },
  { query: 'ÄRGER', kind: 'upper case + accent' },
  { query: '日本語', kind: 'CJK, 3 Han characters' },
  { query: '漢字', kind: 'CJK, 2 Han characters' },
  { query: '電費', kind: 'CJK, 2 characters (Traditional Chinese)' },
  { query: '한국말', kind: 'Korean, 3 Hangul syllables' },
  { query: 'الفاتورة', kind: 'Arabic word' },
  { query: 'מענה', kind: 'Hebrew word' },
  { query: 'from:sauder', kind: 'field-scoped from:' },
  { query: 'subject:test is:unread after:2000-01-01', kind: 'subject: + filters' },
];
