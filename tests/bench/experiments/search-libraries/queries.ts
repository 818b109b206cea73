/**
 * Queries for search-libraries.ts: a Gmail-like parser, the one executor every library runs
 * under (a library call per clause, clauses intersected, phrases checked against the text,
 * record filters from a side table, newest first), and the brute-force answer each must give.
 */
import { type MailDoc } from './mail-docs.ts';
import { analyze, isCjkToken, normalizeText } from '../../../../web/src/lib/search/text-analysis.ts';

type Field = 'any' | 'from' | 'to' | 'subject';
export const FIELDS: Record<Field, ReadonlyArray<'from' | 'to' | 'subject' | 'text'>> = {
  any: ['from', 'to', 'subject', 'text'],
  from: ['from'],
  to: ['to'],
  subject: ['subject'],
};

interface Clause {
  field: Field;
  tokens: string[];
  /** Every token matches words starting with it. */
  prefix: boolean;
  /** Tokens must be adjacent in this order (checked on the text after the library answers). */
  phrase: boolean;
}

export interface ParsedQuery {
  clauses: Clause[];
  hasAttachment?: boolean;
  unread?: boolean;
  before?: number;
  after?: number;
}

export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { clauses: [] };
  const plain: string[] = [];
  for (const match of query.matchAll(/(?:(\w+):)?(?:"([^"]*)"|(\S+))/g)) {
    const operator = match[1]?.toLowerCase();
    const quoted = match[2];
    const word = match[3] ?? '';
    if (operator === 'has' && word === 'attachment') parsed.hasAttachment = true;
    else if (operator === 'is' && word === 'unread') parsed.unread = true;
    else if (operator === 'before') parsed.before = Date.parse(word);
    else if (operator === 'after') parsed.after = Date.parse(word);
    else {
      const field: Field = operator === 'from' || operator === 'to' || operator === 'subject' ? operator : 'any';
      const raw = quoted ?? word;
      const prefix = quoted === undefined && raw.endsWith('*');
      const tokens = analyze(prefix ? raw.slice(0, -1) : raw);
      if (tokens.length === 0) continue;
      // A CJK word of three or more characters is several bigrams: ask for them adjacent.
      const phrase = quoted !== undefined || (tokens.length > 1 && tokens.every(isCjkToken));
      if (field === 'any' && !prefix && !phrase) plain.push(...tokens);
      else parsed.clauses.push({ field, tokens, prefix, phrase });
    }
  }
  if (plain.length > 0) parsed.clauses.unshift({ field: 'any', tokens: plain, prefix: false, phrase: false });
  return parsed;
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const NOT_WORD_CHAR = '[^\\p{L}\\p{N}\\p{M}]';

/**
 * The phrase as a pattern over normalized text: the tokens with only separators between them,
 * or, for a CJK word cut into bigrams, the word itself. Cheaper than analyzing every candidate.
 */
function phrasePattern(tokens: readonly string[]): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (tokens.every(isCjkToken)) return new RegExp(escape(tokens[0]! + tokens.slice(1).map((token) => token.slice(1)).join('')), 'u');
  const body = tokens.map(escape).join(`${NOT_WORD_CHAR}+`);
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])${body}(?![\\p{L}\\p{N}\\p{M}])`, 'u');
}

function phraseMatches(doc: MailDoc, clause: Clause, pattern: RegExp): boolean {
  return FIELDS[clause.field].some((field) => pattern.test(normalizeText(doc[field])));
}

function passesFilters(doc: MailDoc, query: ParsedQuery): boolean {
  if (query.hasAttachment && !doc.hasAttachment) return false;
  if (query.unread && !doc.unread) return false;
  if (query.before !== undefined && !(doc.date < query.before)) return false;
  if (query.after !== undefined && !(doc.date >= query.after)) return false;
  return true;
}

/** What a library must answer: the ids of documents matching every token of a clause. */
export interface SearchIndex {
  add(doc: MailDoc): void;
  remove(doc: MailDoc): void;
  clause(clause: Clause): Iterable<number>;
  serialize(): Promise<string[]>;
}

export interface Library {
  name: string;
  version: string;
  settings: string;
  create(): SearchIndex;
  load(parts: string[]): Promise<SearchIndex>;
}

/** Runs a parsed query: library calls per clause, intersection, phrase check, filters, newest first. */
export function execute(index: SearchIndex, query: ParsedQuery, docs: readonly MailDoc[], timing?: { libraryMs: number }): number[] {
  let hits: Set<number> | null = null;
  for (const clause of query.clauses) {
    const next = new Set<number>();
    const t0 = performance.now();
    const ids = index.clause(clause);
    if (timing) timing.libraryMs += performance.now() - t0;
    for (const id of ids) if (hits === null || hits.has(id)) next.add(id);
    hits = next;
    if (hits.size === 0) break;
  }
  const phrases = query.clauses.filter((clause) => clause.phrase).map((clause) => ({ clause, pattern: phrasePattern(clause.tokens) }));
  const result: MailDoc[] = [];
  for (const id of hits ?? docs.map((doc) => doc.id)) {
    const doc = docs[id]!;
    if (!passesFilters(doc, query)) continue;
    if (phrases.some(({ clause, pattern }) => !phraseMatches(doc, clause, pattern))) continue;
    result.push(doc);
  }
  return result.sort((a, b) => b.date - a.date || a.id - b.id).map((doc) => doc.id);
}

/** Brute force over every document with the same analysis: the answer each library must give. */
export function groundTruth(docs: readonly MailDoc[], queries: readonly ParsedQuery[], removed: ReadonlySet<number> = new Set()): number[][] {
  const answers: MailDoc[][] = queries.map(() => []);
  for (const doc of docs) {
    if (removed.has(doc.id)) continue;
    const tokens = { from: analyze(doc.from), to: analyze(doc.to), subject: analyze(doc.subject), text: analyze(doc.text) };
    const sets = { from: new Set(tokens.from), to: new Set(tokens.to), subject: new Set(tokens.subject), text: new Set(tokens.text) };
    const has = (field: keyof typeof sets, token: string, prefix: boolean): boolean => {
      if (!prefix) return sets[field].has(token);
      for (const word of sets[field]) if (word.startsWith(token)) return true;
      return false;
    };
    queries.forEach((query, q) => {
      if (!passesFilters(doc, query)) return;
      const ok = query.clauses.every((clause) =>
        clause.phrase
          ? FIELDS[clause.field].some((field) => containsSequence(tokens[field], clause.tokens))
          : clause.tokens.every((token) => FIELDS[clause.field].some((field) => has(field, token, clause.prefix))),
      );
      if (ok) answers[q]!.push(doc);
    });
  }
  return answers.map((list) => list.sort((a, b) => b.date - a.date || a.id - b.id).map((doc) => doc.id));
}
