// Search's errors: its table of codes, same shape as every layer's (DESIGN.md "Errors"), the
// wording the search field shows for each, and its error class.
import { defineErrorLayer, type ErrorCodeTable } from '../../../../shared/errors/index.ts';

/** `local`: what was typed cannot be read as a search. `remote`: the browser's storage failed the index. */
export const SEARCH_ERROR_CODES = {
  SEARCH_ERR_TOO_LONG: { side: 'local', summary: 'The search is longer than the limit (1,000 characters by default).' },
  SEARCH_ERR_UNCLOSED_QUOTE: { side: 'local', summary: 'A quoted phrase has no closing quote.' },
  SEARCH_ERR_EMPTY_OPERATOR: { side: 'local', summary: 'An operator such as from: has nothing after it.' },
  SEARCH_ERR_BAD_VALUE: { side: 'local', summary: 'has: takes only attachment, and is: only unread.' },
  SEARCH_ERR_BAD_DATE: { side: 'local', summary: 'before: and after: take a real date written YYYY-MM-DD.' },
  SEARCH_ERR_NOTHING_TO_FIND: { side: 'local', summary: 'The search has no letters or digits to look for, and no operator.' },
  SEARCH_ERR_INDEX: { side: 'remote', summary: 'The search index could not be read or written in IndexedDB; stored mail is untouched.' },
} as const satisfies ErrorCodeTable;

export type SearchErrorCode = keyof typeof SEARCH_ERROR_CODES;

/** What the search field says for each code: what to type instead, or what happens next. */
export const SEARCH_ERROR_WORDING: Record<SearchErrorCode, string> = {
  SEARCH_ERR_TOO_LONG: 'That search is too long. Use fewer words.',
  SEARCH_ERR_UNCLOSED_QUOTE: 'Close the quoted phrase with a second ".',
  SEARCH_ERR_EMPTY_OPERATOR: 'Put a word right after the colon, as in from:anna.',
  SEARCH_ERR_BAD_VALUE: 'Use has:attachment or is:unread.',
  SEARCH_ERR_BAD_DATE: 'Write dates as YYYY-MM-DD, as in after:2024-01-31.',
  SEARCH_ERR_NOTHING_TO_FIND: 'Type a word, a name or an operator to search for.',
  SEARCH_ERR_INDEX: 'Search is not available right now: the browser’s storage did not answer. Your mail is safe.',
};

const layer = defineErrorLayer('SearchError', SEARCH_ERROR_CODES);

export class SearchError extends layer.Error {}

export const isSearchErrorCode = layer.isCode;
