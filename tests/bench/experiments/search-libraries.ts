/**
 * Compares three full-text search libraries (MiniSearch, FlexSearch, Orama) on 10,000 messages
 * made from the shared corpus, for the search index. Results and the pick are in
 * docs/SEARCH.md. Run: `npx tsx tests/bench/experiments/search-libraries.ts [name-prefix …]` (Node; each library
 * runs in a child process of its own; about 3 minutes on a busy 2-core machine).
 *
 * Every library gets the same text analysis (see `analyze`): lower case, NFKD with combining
 * accents stripped (Latin, Greek, Cyrillic, Hebrew points, Arabic harakat; kana voicing marks
 * kept), words split on anything that is not a letter, digit or mark, and runs of Han, kana
 * and Hangul cut into overlapping bigrams. The same query runs through one parser (Gmail-like
 * operators) and one executor: each clause is a library call, clauses are intersected, phrases
 * are checked against the document text, record filters (has:attachment, is:unread,
 * before:/after:) come from a side table, and hits are sorted newest first. Each library's
 * hits are compared with a brute-force scan that uses the same analysis.
 *
 * A second, smaller check indexes the 563 corpus messages with each library's stock settings
 * to see whether it finds CJK, accented and Hebrew words without our analysis.
 */
import { gzipSync } from 'node:zlib';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import PostalMime from 'postal-mime';
import MiniSearch from 'minisearch';
import { Document as FlexDocument, Charset as FlexCharset } from 'flexsearch';
import * as orama from '@orama/orama';
import { loadCorpus } from '../../support/corpus.ts';
import { median } from '../report/median.ts';
import { htmlPreviewText } from '../../../web/src/lib/message/html-preview-text.ts';

const DOC_COUNT = 10_000;
const BATCH = 1_000;
/** Body text indexed per message; the rest is not searchable (one corpus message has 1.16 M characters of text). */
const TEXT_CAP = 64 * 1024;
/** Tokens longer than this (base64, uuencode, yEnc lines decoded as text) are not indexed. */
const MAX_TOKEN = 40;
const QUERY_REPEATS = 9;
const REMOVE_COUNT = 200;

// ---------------------------------------------------------------------------------------------
// Text analysis shared by all libraries (and by the brute-force ground truth)

/** Combining marks folded away: accents on Latin/Greek/Cyrillic, Hebrew points, Arabic harakat. */
const FOLDED_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0640]/g;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\u3005]/u;
const CJK_SPLIT = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\u3005]+)/u;

const NON_ASCII = /[^\x00-\x7f]/;

export function normalizeText(text: string): string {
  // NFKD of a long ASCII-only text returns it unchanged but still costs a pass that allocates.
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text.toLowerCase().normalize('NFKD').replace(FOLDED_MARKS, '').normalize('NFC');
}

/** Words of `text`, in order, normalized; CJK runs become overlapping bigrams. */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const word of normalizeText(text).match(WORD) ?? []) {
    if (!CJK_CHAR.test(word)) {
      if (word.length <= MAX_TOKEN) out.push(word);
      continue;
    }
    for (const part of word.split(CJK_SPLIT)) {
      if (part === '') continue;
      if (!CJK_CHAR.test(part)) {
        if (part.length <= MAX_TOKEN) out.push(part);
      } else if (part.length === 1) {
        out.push(part);
      } else {
        for (let i = 0; i + 1 < part.length; i++) out.push(part.slice(i, i + 2));
      }
    }
  }
  return out;
}

function isCjkToken(token: string): boolean {
  return CJK_CHAR.test(token);
}

// ---------------------------------------------------------------------------------------------
// Documents

interface MailDoc {
  id: number;
  /** Corpus path of the message it was made from. */
  base: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  date: number;
  unread: boolean;
  hasAttachment: boolean;
  rawBytes: number;
}

interface BaseMessage {
  name: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  date: number;
  hasAttachment: boolean;
  rawBytes: number;
}

/** Fixed sentences added to some copies: the corpus holds no Arabic text (see docs/SEARCH.md). */
const ARABIC = ['مرحبا، هل استلمت الفاتورة الأخيرة؟', 'اجتماع الفريق يوم الخميس في المكتب', 'شُكْرًا جَزِيلًا على المساعدة في الفاتورة', 'شكرا جزيلا، سأرسل التقرير غدا'];
const HEBREW = ['שלום, הפגישה נדחתה ליום חמישי', 'מצורפת החשבונית של חודש מרץ', 'תודה רבה על העזרה'];
const FRENCH = ['Réunion au café à 15h, apportez le résumé.', 'Reunion au cafe a 15h, apportez le resume.'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addressText(list: ReadonlyArray<{ name?: string; address?: string; group?: ReadonlyArray<{ name?: string; address?: string }> }>): string {
  return list
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((entry) => `${entry.name ?? ''} ${entry.address ?? ''}`.trim())
    .join(', ');
}

async function loadBaseMessages(): Promise<BaseMessage[]> {
  const corpus = await loadCorpus();
  const bases: BaseMessage[] = [];
  for (const [index, message] of corpus.entries()) {
    const email = await PostalMime.parse(message.bytes, { attachmentEncoding: 'arraybuffer' });
    const text = email.text ?? (email.html ? htmlPreviewText(email.html) : '');
    const parsedDate = email.date ? Date.parse(email.date) : NaN;
    bases.push({
      name: message.name,
      from: email.from ? addressText([email.from]) : '',
      to: addressText([...(email.to ?? []), ...(email.cc ?? [])]),
      subject: email.subject ?? '',
      text: text.slice(0, TEXT_CAP),
      date: Number.isFinite(parsedDate) ? parsedDate : Date.UTC(2020, 0, 1) + index * 86_400_000,
      hasAttachment: email.attachments.some((part) => part.related !== true),
      rawBytes: message.bytes.byteLength,
    });
  }
  return bases;
}

/** Copy 0 of each corpus message is itself; later copies are perturbed deterministically. */
function makeDocs(bases: BaseMessage[], count: number): MailDoc[] {
  const vocabulary = [...new Set(bases.flatMap((base) => `${base.subject} ${base.text}`.match(/\p{L}{3,20}/gu) ?? []))].sort();
  const senders = bases.map((base) => base.from).filter((from) => from !== '');
  const docs: MailDoc[] = [];
  for (let id = 0; id < count; id++) {
    const b = id % bases.length;
    const copy = Math.floor(id / bases.length);
    const base = bases[b]!;
    const rng = mulberry32(id + 1);
    let { from, subject, text } = base;
    if (copy > 0) {
      if (rng() < 0.5) from = senders[Math.floor(rng() * senders.length)]!;
      if (rng() < 0.3) subject = `Re: ${subject}`;
      text = text.replace(/[\p{L}\p{N}]+/gu, (word) => (rng() < 0.05 ? vocabulary[Math.floor(rng() * vocabulary.length)]! : word));
      text += `\n\nRef ${copy}-${b}-${Math.floor(rng() * 1e6)}`;
    }
    if (b % 37 === 5) text += `\n${ARABIC[(b + copy) % ARABIC.length]}`;
    if (b % 37 === 11) text += `\n${HEBREW[(b + copy) % HEBREW.length]}`;
    if (b % 37 === 17) text += `\n${FRENCH[copy % FRENCH.length]}`;
    docs.push({
      id,
      base: base.name,
      from,
      to: base.to,
      subject,
      text,
      date: base.date - copy * 91 * 86_400_000 - Math.floor(rng() * 86_400_000),
      unread: copy > 0 && rng() < 0.2,
      hasAttachment: base.hasAttachment,
      rawBytes: base.rawBytes,
    });
  }
  return docs;
}

// ---------------------------------------------------------------------------------------------
// Queries: a Gmail-like parser and one executor for every library

type Field = 'any' | 'from' | 'to' | 'subject';
const FIELDS: Record<Field, ReadonlyArray<'from' | 'to' | 'subject' | 'text'>> = {
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

interface ParsedQuery {
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
interface SearchIndex {
  add(doc: MailDoc): void;
  remove(doc: MailDoc): void;
  clause(clause: Clause): Iterable<number>;
  serialize(): Promise<string[]>;
}

interface Library {
  name: string;
  version: string;
  settings: string;
  create(): SearchIndex;
  load(parts: string[]): Promise<SearchIndex>;
}

/** Runs a parsed query: library calls per clause, intersection, phrase check, filters, newest first. */
function execute(index: SearchIndex, query: ParsedQuery, docs: readonly MailDoc[], timing?: { libraryMs: number }): number[] {
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
function groundTruth(docs: readonly MailDoc[], queries: readonly ParsedQuery[], removed: ReadonlySet<number> = new Set()): number[][] {
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

// ---------------------------------------------------------------------------------------------
// The three libraries, configured with the shared analysis

function packageVersion(name: string): string {
  const url = new URL(`../../../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

const miniSearchOptions = {
  fields: ['from', 'to', 'subject', 'text'],
  idField: 'id',
  tokenize: (text: string) => analyze(text),
  processTerm: (term: string) => term,
};

function miniSearchIndex(ms: MiniSearch<MailDoc>): SearchIndex {
  return {
    add: (doc) => ms.add(doc),
    // discard needs only the id (remove would need the whole text back); the index is vacuumed later.
    remove: (doc) => ms.discard(doc.id),
    clause: (clause) => ms.search(clause.tokens.join(' '), { fields: [...FIELDS[clause.field]], prefix: clause.prefix, combineWith: 'AND' }).map((hit) => hit.id as number),
    serialize: async () => [JSON.stringify(ms)],
  };
}

const miniSearch: Library = {
  name: 'MiniSearch',
  version: packageVersion('minisearch'),
  settings: 'fields from,to,subject,text; tokenize=analyze; discard() for removes',
  create: () => miniSearchIndex(new MiniSearch<MailDoc>(miniSearchOptions)),
  load: async ([json]) => miniSearchIndex(MiniSearch.loadJSON<MailDoc>(json!, miniSearchOptions)),
};

type FlexFields = 'from' | 'to' | 'subject' | 'all';
interface FlexDoc {
  [key: string]: string | number;
  id: number;
  from: string;
  to: string;
  subject: string;
  all: string;
}

/**
 * FlexSearch intersects terms only inside one field, so `all` (from, to, subject and text) answers
 * unscoped clauses and the three small fields answer from:, to: and subject:.
 */
function flexLibrary(tokenize: 'strict' | 'forward'): Library {
  const options = () =>
    ({
      document: {
        id: 'id',
        index: (['from', 'to', 'subject', 'all'] as const).map((field) => ({ field, tokenize, encode: analyze })),
      },
      // Export/import drops fastupdate (FlexSearch's serialize.js says "fast update isn't supported
      // by export/import", and importing into a fastupdate index throws), so a loaded index never
      // has it: build without it too, as the app would after its first reload.
      fastupdate: false,
    }) as const;
  const wrap = (index: FlexDocument<FlexDoc>): SearchIndex => ({
    add: (doc) => {
      index.add({ id: doc.id, from: doc.from, to: doc.to, subject: doc.subject, all: `${doc.from}\n${doc.to}\n${doc.subject}\n${doc.text}` });
    },
    remove: (doc) => {
      index.remove(doc.id);
    },
    clause: (clause) => {
      const field: FlexFields = clause.field === 'any' ? 'all' : clause.field;
      const results = index.search(clause.tokens.join(' '), { index: field, limit: DOC_COUNT });
      return (results[0]?.result ?? []) as number[];
    },
    serialize: async () => {
      const parts: string[] = [];
      await index.export((key: string, data: string) => {
        parts.push(key, data);
      });
      return parts;
    },
  });
  return {
    name: `FlexSearch (${tokenize})`,
    version: packageVersion('flexsearch'),
    settings: `Document, fields from,to,subject + all; tokenize=${tokenize}; encode=analyze; no fastupdate (lost on import)`,
    create: () => wrap(new FlexDocument<FlexDoc>(options())),
    load: async (parts) => {
      const index = new FlexDocument<FlexDoc>(options());
      for (let i = 0; i < parts.length; i += 2) index.import(parts[i]!, parts[i + 1]!);
      return wrap(index);
    },
  };
}

const ORAMA_SCHEMA = { from: 'string', to: 'string', subject: 'string', text: 'string' } as const;

/**
 * Orama's radix lookup is prefix-only unless `exact`, and its `exact` adds a case-sensitive
 * regex check on the stored text (no accent folding, no CJK). So the index component is wrapped
 * to pass our own flag to the radix lookup. Orama's AND (threshold 0) needs every term in one
 * property; an unscoped clause is therefore one search per token, intersected.
 */
function oramaLibrary(): Library {
  let exactLookup = true;
  const make = () => {
    const base = orama.components.index.createIndex();
    const index = { ...base, search: (...args: Parameters<typeof base.search>) => {
      args[5] = exactLookup;
      return base.search(...args);
    } };
    return orama.create({
      schema: ORAMA_SCHEMA,
      sort: { enabled: false },
      components: {
        index,
        // Unique tokens, as Orama's own tokenizer returns them (allowDuplicates: false): its insert
        // counts each token's frequency by scanning all the document's tokens, so duplicates
        // make adding a long message quadratic in its length.
        tokenizer: { language: 'english', normalizationCache: new Map(), tokenize: (raw: string) => [...new Set(analyze(raw))] },
      },
    });
  };
  type Db = ReturnType<typeof make>;
  const sync = <T>(value: T | Promise<T>): T => {
    if (value instanceof Promise) throw new Error('Orama went async');
    return value;
  };
  const searchIds = (db: Db, term: string, properties: Array<'from' | 'to' | 'subject' | 'text'>, prefix: boolean): number[] => {
    exactLookup = !prefix;
    const results = sync(orama.search(db, { term, properties, limit: DOC_COUNT, threshold: 0 }));
    return results.hits.map((hit) => Number(hit.id));
  };
  const wrap = (db: Db): SearchIndex => ({
    add: (doc) => {
      sync(orama.insert(db, { id: String(doc.id), from: doc.from, to: doc.to, subject: doc.subject, text: doc.text }));
    },
    remove: (doc) => {
      sync(orama.remove(db, String(doc.id)));
    },
    clause: (clause) => {
      const properties = [...FIELDS[clause.field]];
      if (properties.length === 1) return searchIds(db, clause.tokens.join(' '), properties, clause.prefix);
      let hits: Set<number> | null = null;
      for (const token of clause.tokens) {
        const ids: number[] = searchIds(db, token, properties, clause.prefix);
        hits = new Set(hits === null ? ids : ids.filter((id) => hits!.has(id)));
      }
      return hits ?? [];
    },
    serialize: async () => [JSON.stringify(orama.save(db))],
  });
  return {
    name: 'Orama',
    version: packageVersion('@orama/orama'),
    settings: 'fields from,to,subject,text; custom tokenizer=unique(analyze); sorter off; radix lookup exact unless prefix',
    create: () => wrap(make()),
    load: async ([json]) => {
      const db = make();
      orama.load(db, JSON.parse(json!) as orama.RawData);
      return wrap(db);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring

const QUERIES: ReadonlyArray<{ query: string; kind: string }> = [
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

/** Correctness checks: [label, query, a corpus path every copy of which must be found, or a query whose hits must be equal]. */
const CHECKS: ReadonlyArray<{ label: string; query: string; mustFind?: string; sameAs?: string }> = [
  { label: 'CJK 日本語 finds mimekit japanese.txt', query: '日本語', mustFind: 'mimekit/UnitTests/TestData/messages/japanese.txt' },
  { label: 'CJK 漢字 finds the quoted-subject message', query: '漢字', mustFind: 'ruby-mail/spec/fixtures/emails/plain_emails/raw_email_with_partially_quoted_subject.eml' },
  { label: 'Korean 한국말 finds 한국말로', query: '한국말', mustFind: 'ruby-mail/spec/fixtures/emails/plain_emails/raw_email_string_in_date_field.eml' },
  { label: 'Hebrew מענה finds issue149', query: 'מענה', mustFind: 'php-mime-mail-parser/tests/mails/issue149' },
  { label: 'accents: frosche = frösche', query: 'frosche', sameAs: 'frösche' },
  { label: 'accents: cafe = café', query: 'cafe', sameAs: 'café' },
  { label: 'Arabic harakat: شكرا = شُكْرًا', query: 'شكرا', sameAs: 'شُكْرًا' },
  { label: 'phrase "mailing list" = brute force', query: '"mailing list"' },
];

function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

interface LibraryResult {
  library: Pick<Library, 'name' | 'version' | 'settings'>;
  buildMsPer1000: number;
  buildMsPer1000Max: number;
  heapMb: number;
  sizeBytes: number;
  gzipBytes: number;
  exportMs: number;
  loadMs: number;
  perQuery: Array<{ query: string; firstMs: number; medianMs: number; libraryMs: number; hits: number; correct: boolean; missing: number; extra: number }>;
  queryMedianMs: number;
  queryP95Ms: number;
  /** The library calls alone, without intersection, phrase check, filters and sorting. */
  libraryMedianMs: number;
  libraryP95Ms: number;
  removeMsPerDoc: number;
  removedGone: boolean;
  checks: Array<{ label: string; ok: boolean; detail: string }>;
}

async function measure(library: Library, docs: readonly MailDoc[], queries: readonly ParsedQuery[], truth: number[][]): Promise<LibraryResult> {
  const heapBefore = heapMb();
  const built = library.create();
  const batchMs: number[] = [];
  for (let start = 0; start < docs.length; start += BATCH) {
    const t0 = performance.now();
    for (let id = start; id < Math.min(docs.length, start + BATCH); id++) built.add(docs[id]!);
    batchMs.push(performance.now() - t0);
  }
  const heap = heapMb() - heapBefore;
  let t0 = performance.now();
  const parts = await built.serialize();
  const exportMs = performance.now() - t0;
  const sizeBytes = parts.reduce((sum, part) => sum + Buffer.byteLength(part, 'utf8'), 0);
  const gzipBytes = gzipSync(parts.join('\n'), { level: 6 }).byteLength;

  const loadTimes: number[] = [];
  let index: SearchIndex = built;
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    index = await library.load(parts);
    loadTimes.push(performance.now() - t0);
  }

  const perQuery: LibraryResult['perQuery'] = [];
  queries.forEach((query, q) => {
    t0 = performance.now();
    const hits = execute(index, query, docs);
    const firstMs = performance.now() - t0;
    const times: number[] = [];
    const libraryTimes: number[] = [];
    for (let r = 0; r < QUERY_REPEATS; r++) {
      const timing = { libraryMs: 0 };
      t0 = performance.now();
      execute(index, query, docs, timing);
      times.push(performance.now() - t0);
      libraryTimes.push(timing.libraryMs);
    }
    const expected = truth[q]!;
    const expectedSet = new Set(expected);
    const hitSet = new Set(hits);
    perQuery.push({
      query: QUERIES[q]!.query,
      firstMs,
      medianMs: median(times),
      libraryMs: median(libraryTimes),
      hits: hits.length,
      correct: sameIds(hits, expected),
      missing: expected.filter((id) => !hitSet.has(id)).length,
      extra: hits.filter((id) => !expectedSet.has(id)).length,
    });
  });
  const medians = perQuery.map((row) => row.medianMs);
  const libraryMedians = perQuery.map((row) => row.libraryMs);

  const checks = CHECKS.map((check) => {
    const hits = execute(index, parseQuery(check.query), docs);
    if (check.mustFind !== undefined) {
      const wanted = docs.filter((doc) => doc.base === check.mustFind).map((doc) => doc.id);
      const hitSet = new Set(hits);
      const found = wanted.filter((id) => hitSet.has(id)).length;
      return { label: check.label, ok: found === wanted.length, detail: `${found}/${wanted.length} copies` };
    }
    if (check.sameAs !== undefined) {
      const other = execute(index, parseQuery(check.sameAs), docs);
      return { label: check.label, ok: hits.length > 0 && sameIds(hits, other), detail: `${hits.length} vs ${other.length} hits` };
    }
    const [expected] = groundTruth(docs, [parseQuery(check.query)]);
    return { label: check.label, ok: sameIds(hits, expected!), detail: `${hits.length} hits, brute force ${expected!.length}` };
  });

  // Remove every 50th message; then the probe queries must not return them (and still return the rest).
  const probeBefore = ['message', 'ref', 'from:sauder'].map((query) => execute(index, parseQuery(query), docs));
  const removed = docs.filter((doc) => doc.id % Math.floor(docs.length / REMOVE_COUNT) === 7).slice(0, REMOVE_COUNT);
  t0 = performance.now();
  for (const doc of removed) index.remove(doc);
  const removeMsPerDoc = (performance.now() - t0) / removed.length;
  const removedIds = new Set(removed.map((doc) => doc.id));
  const probe = [parseQuery('message'), parseQuery('ref'), parseQuery('from:sauder')];
  const removedGone = probe.every((query, i) => {
    const hits = execute(index, query, docs);
    return sameIds(hits, probeBefore[i]!.filter((id) => !removedIds.has(id)));
  });

  return {
    library: { name: library.name, version: library.version, settings: library.settings },
    buildMsPer1000: median(batchMs),
    buildMsPer1000Max: Math.max(...batchMs),
    heapMb: heap,
    sizeBytes,
    gzipBytes,
    exportMs,
    loadMs: median(loadTimes),
    perQuery,
    queryMedianMs: median(medians),
    queryP95Ms: nearestRank(medians, 0.95),
    libraryMedianMs: median(libraryMedians),
    libraryP95Ms: nearestRank(libraryMedians, 0.95),
    removeMsPerDoc,
    removedGone,
    checks,
  };
}

/** Each library with its stock settings on the 563 corpus messages: does it find CJK, accents, Hebrew? */
async function stockSettingsCheck(bases: BaseMessage[]): Promise<string[]> {
  const docs = makeDocs(bases, bases.length);
  const probes = ['日本語', '漢字', '電費', '한국말', 'frosche', 'ÄRGER', 'מענה', 'cafe'];
  const truth = groundTruth(docs, probes.map(parseQuery)).map((ids) => ids.length);
  const ms = new MiniSearch<MailDoc>({ fields: ['from', 'to', 'subject', 'text'] });
  ms.addAll(docs);
  const flexDefault = new FlexDocument<FlexDoc>({ document: { id: 'id', index: ['all'] } });
  const flexCjk = new FlexDocument<FlexDoc>({ document: { id: 'id', index: [{ field: 'all', encoder: FlexCharset.CJK }] } });
  const oramaDb = orama.create({ schema: ORAMA_SCHEMA });
  for (const doc of docs) {
    const all = `${doc.from}\n${doc.to}\n${doc.subject}\n${doc.text}`;
    flexDefault.add({ id: doc.id, from: '', to: '', subject: '', all });
    flexCjk.add({ id: doc.id, from: '', to: '', subject: '', all });
    await orama.insert(oramaDb, { id: String(doc.id), from: doc.from, to: doc.to, subject: doc.subject, text: doc.text });
  }
  const lines = [
    `| query | brute force (our analysis) | MiniSearch stock | FlexSearch stock | FlexSearch Charset.CJK | Orama stock |`,
    `|---|---:|---:|---:|---:|---:|`,
  ];
  for (const [i, probe] of probes.entries()) {
    const flexCount = (index: FlexDocument<FlexDoc>) => index.search(probe, { limit: 1000 })[0]?.result.length ?? 0;
    const oramaHits = await orama.search(oramaDb, { term: probe, limit: 1000, threshold: 0 });
    lines.push(`| ${probe} | ${truth[i]} | ${ms.search(probe, { combineWith: 'AND' }).length} | ${flexCount(flexDefault)} | ${flexCount(flexCjk)} | ${oramaHits.count} |`);
  }
  return lines;
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

const LIBRARIES = [miniSearch, flexLibrary('strict'), flexLibrary('forward'), oramaLibrary()];

/** One library in a process of its own, so that heap figures and timings are not another library's leftovers. */
async function child(which: number): Promise<void> {
  const docs = makeDocs(await loadBaseMessages(), DOC_COUNT);
  const queries = QUERIES.map((entry) => parseQuery(entry.query));
  const result = await measure(LIBRARIES[which]!, docs, queries, groundTruth(docs, queries));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(Number(process.argv[3]));
  const only = process.argv.slice(2);
  const t0 = performance.now();
  const bases = await loadBaseMessages();
  const docs = makeDocs(bases, DOC_COUNT);
  const parseMs = performance.now() - t0;
  const rawBytes = docs.reduce((sum, doc) => sum + doc.rawBytes, 0);
  const textChars = docs.reduce((sum, doc) => sum + doc.from.length + doc.to.length + doc.subject.length + doc.text.length, 0);
  const scripts = {
    cjk: docs.filter((doc) => CJK_CHAR.test(doc.subject + doc.text)).length,
    arabic: docs.filter((doc) => /\p{Script=Arabic}{3}/u.test(doc.subject + doc.text)).length,
    hebrew: docs.filter((doc) => /\p{Script=Hebrew}{3}/u.test(doc.subject + doc.text)).length,
    accented: docs.filter((doc) => /[\u00c0-\u024f]/u.test(doc.subject + doc.text)).length,
  };
  console.log(`# search-libraries bench — Node ${process.version}, ${new Date().toISOString()}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${bases.length} corpus messages parsed and ${docs.length} documents made in ${(parseMs / 1000).toFixed(1)} s`);
  console.log(`raw mail ${mb(rawBytes)} MB; indexed text ${mb(textChars)} M chars; documents with CJK ${scripts.cjk}, Arabic ${scripts.arabic}, Hebrew ${scripts.hebrew}, Latin accents ${scripts.accented}`);

  let analyzeMs = performance.now();
  for (const doc of docs) for (const field of FIELDS.any) analyze(doc[field]);
  analyzeMs = performance.now() - analyzeMs;
  console.log(`the shared analysis alone (analyze() on every field): ${fmt((analyzeMs * BATCH) / docs.length)} ms per 1,000 documents`);

  const queries = QUERIES.map((entry) => parseQuery(entry.query));
  const truth = groundTruth(docs, queries);

  const results: LibraryResult[] = [];
  for (const [which, library] of LIBRARIES.entries()) {
    if (only.length > 0 && !only.some((name) => library.name.toLowerCase().startsWith(name.toLowerCase()))) continue;
    console.error(`measuring ${library.name} ${library.version} …`);
    const output = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', String(which)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    });
    results.push(JSON.parse(output.trim().split('\n').pop()!) as LibraryResult);
  }

  console.log('\n## Summary\n');
  console.log('| library | version | build ms / 1,000 adds (median; worst batch) | heap after build, MB | serialized MB (gzip) | index / raw mail | index / indexed text | export ms | load ms | query median ms | query p95 ms | library calls median; p95 ms | remove ms / doc | 20 queries = brute force | checks passed |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const correct = r.perQuery.filter((row) => row.correct).length;
    const checksOk = r.checks.filter((c) => c.ok).length + (r.removedGone ? 1 : 0);
    console.log(
      `| ${r.library.name} | ${r.library.version} | ${fmt(r.buildMsPer1000)}; ${fmt(r.buildMsPer1000Max)} | ${r.heapMb.toFixed(0)} | ${mb(r.sizeBytes)} (${mb(r.gzipBytes)}) | ${((100 * r.sizeBytes) / rawBytes).toFixed(1)} % | ${((100 * r.sizeBytes) / textChars).toFixed(0)} % | ${fmt(r.exportMs)} | ${fmt(r.loadMs)} | ${fmt(r.queryMedianMs)} | ${fmt(r.queryP95Ms)} | ${fmt(r.libraryMedianMs)}; ${fmt(r.libraryP95Ms)} | ${fmt(r.removeMsPerDoc)} | ${correct}/20 | ${checksOk}/${r.checks.length + 1} |`,
    );
  }

  console.log(`\n## Per query: median ms of ${QUERY_REPEATS} runs (first run ms) [library calls alone]; ✗ = differs from brute force (missing/extra)\n`);
  console.log(`| # | query | kind | brute force hits | ${results.map((r) => r.library.name).join(' | ')} |`);
  console.log(`|---:|---|---|---:|${results.map(() => '---:|').join('')}`);
  QUERIES.forEach((entry, q) => {
    const cells = results.map((r) => {
      const row = r.perQuery[q]!;
      return `${fmt(row.medianMs)} (${fmt(row.firstMs)}) [${fmt(row.libraryMs)}]${row.correct ? '' : ` ✗ ${row.missing}/${row.extra}`}`;
    });
    console.log(`| ${q + 1} | \`${entry.query}\` | ${entry.kind} | ${truth[q]!.length} | ${cells.join(' | ')} |`);
  });

  console.log('\n## Checks\n');
  console.log(`| check | ${results.map((r) => r.library.name).join(' | ')} |`);
  console.log(`|---|${results.map(() => '---|').join('')}`);
  CHECKS.forEach((check, i) => {
    console.log(`| ${check.label} | ${results.map((r) => `${r.checks[i]!.ok ? 'yes' : 'NO'} (${r.checks[i]!.detail})`).join(' | ')} |`);
  });
  console.log(`| ${REMOVE_COUNT} removed messages gone from results | ${results.map((r) => (r.removedGone ? 'yes' : 'NO')).join(' | ')} |`);

  if (only.length === 0 || only.includes('stock')) {
    console.log('\n## Stock settings on the 563 corpus messages (hits; no shared analysis)\n');
    for (const line of await stockSettingsCheck(bases)) console.log(line);
  }
  console.log(`\nsettings: ${results.map((r) => `${r.library.name}: ${r.library.settings}`).join('; ')}`);
  console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

await main();
