// The search box's language, as people know it from Gmail: bare words (all must match),
// "quoted phrases", from: to: subject: (a word or a quoted phrase after each), has:attachment,
// is:unread, before: and after: with a YYYY-MM-DD date. Words are read with the index's own
// analysis (text-analysis.ts), so case and accents never matter and CJK is cut into bigrams.
// One left-to-right pass over at most `maxLength` characters (DESIGN.md invariant 10).
// Not supported, and read as words: OR, a leading - (negation), a trailing * (prefix).
import { SearchError } from './error-codes.ts';
import { analyze, highlightTermsOf, isCjkToken } from './text-analysis.ts';

export type SearchField = 'any' | 'from' | 'to' | 'subject';

export interface TextClause {
  field: SearchField;
  /** Analyzed tokens; every one must be in the field. */
  tokens: string[];
  /** The tokens must also stand next to each other, in this order (checked on the text). */
  phrase: boolean;
  /** The normalized words as typed, CJK runs whole: what a phrase is checked against. */
  words: string[];
}

export interface SearchQuery {
  clauses: TextClause[];
  hasAttachment: boolean;
  unread: boolean;
  /** Epoch ms, exclusive: the start of the before: day, local time. */
  before: number | null;
  /** Epoch ms, inclusive: the start of the after: day, local time. */
  after: number | null;
  /** Normalized words to mark in the results (CJK runs whole). */
  terms: string[];
}

/** @default 1,000 characters: a search, not a document. */
export const MAX_QUERY_LENGTH = 1_000;

const OPERATOR = /^(from|to|subject|has|is|before|after):/i;
const SPACE = /\s/u;
const DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

interface Part {
  operator: string | null;
  value: string;
  quoted: boolean;
}

/** Throws SearchError with a stable code for what cannot be read as a search. */
export function parseSearchQuery(input: string, maxLength = MAX_QUERY_LENGTH): SearchQuery {
  if (input.length > maxLength) throw new SearchError('SEARCH_ERR_TOO_LONG');
  const query: SearchQuery = { clauses: [], hasAttachment: false, unread: false, before: null, after: null, terms: [] };
  const bare: string[] = [];
  for (const part of splitParts(input)) {
    const operator = part.operator;
    if (operator === 'has' || operator === 'is') {
      const wanted = operator === 'has' ? 'attachment' : 'unread';
      if (part.quoted || part.value.toLowerCase() !== wanted) throw new SearchError('SEARCH_ERR_BAD_VALUE', `${operator}: takes only ${wanted}, not "${part.value}".`);
      if (operator === 'has') query.hasAttachment = true;
      else query.unread = true;
      continue;
    }
    if (operator === 'before' || operator === 'after') {
      const day = part.quoted ? null : startOfDay(part.value);
      if (day === null) throw new SearchError('SEARCH_ERR_BAD_DATE', `${operator}: wants a date written YYYY-MM-DD, not "${part.value}".`);
      query[operator] = day;
      continue;
    }
    const field: SearchField = operator === null ? 'any' : (operator as SearchField);
    const tokens = analyze(part.value);
    // An operand of only punctuation (from:!!) asks for nothing findable: say so.
    if (tokens.length === 0) {
      if (operator !== null) throw new SearchError('SEARCH_ERR_NOTHING_TO_FIND', `${operator}: "${part.value}" has no letters or digits.`);
      continue;
    }
    const words = highlightTermsOf(part.value);
    query.terms.push(...words);
    // A CJK word of three or more characters is several bigrams: they must stand together.
    const phrase = tokens.length > 1 && (part.quoted || tokens.every(isCjkToken));
    if (field === 'any' && !phrase) bare.push(...tokens);
    else query.clauses.push({ field, tokens, phrase, words });
  }
  if (bare.length > 0) {
    const tokens = [...new Set(bare)];
    query.clauses.unshift({ field: 'any', tokens, phrase: false, words: tokens });
  }
  query.terms = [...new Set(query.terms)];
  const filters = query.hasAttachment || query.unread || query.before !== null || query.after !== null;
  if (query.clauses.length === 0 && !filters) throw new SearchError('SEARCH_ERR_NOTHING_TO_FIND');
  return query;
}

/** The query cut into words, quoted phrases and operators with their operand. */
function splitParts(input: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < input.length) {
    if (SPACE.test(input[i]!)) {
      i++;
      continue;
    }
    const operator = OPERATOR.exec(input.slice(i, i + 9))?.[1]?.toLowerCase() ?? null;
    if (operator !== null) i += operator.length + 1;
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close < 0) throw new SearchError('SEARCH_ERR_UNCLOSED_QUOTE');
      parts.push({ operator, value: input.slice(i + 1, close), quoted: true });
      i = close + 1;
      continue;
    }
    const start = i;
    while (i < input.length && input[i] !== '"' && !SPACE.test(input[i]!)) i++;
    const value = input.slice(start, i);
    if (operator !== null && value === '') throw new SearchError('SEARCH_ERR_EMPTY_OPERATOR', `${operator}: has nothing after it.`);
    parts.push({ operator, value, quoted: false });
  }
  return parts;
}

/** Local midnight of a real calendar day, or null (2024-02-30 is not one). */
function startOfDay(text: string): number | null {
  const match = DATE.exec(text);
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.getTime();
}
