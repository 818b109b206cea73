// One search over the index: a FlexSearch call per clause, ids intersected, dates filtered
// from the table, newest first, and then every hit checked against its record before it is
// returned. That check is what keeps results true at once: a message deleted here, or gone
// from storage, is never returned, whatever its index entries still say (they are removed
// later, when the Worker is idle: docs/SEARCH.md "Removes").
import { withoutPreview, type MessageRecord, type SatchelDatabase, type SearchIndexEntry } from '../storage/index.ts';
import type { IndexTable } from './index-table.ts';
import type { MessageIndex } from './message-index.ts';
import { indexedFields } from './message-text.ts';
import type { SearchQuery, TextClause } from './query-parser.ts';
import { isCjkToken, normalizeText } from './text-analysis.ts';

export interface SearchOutcome {
  /** Newest first, at most `limit`, as the check read them (the list shows these). */
  records: MessageRecord[];
  /** False when more hits were left unchecked beyond `limit`. */
  complete: boolean;
  /** Entries whose record is gone or deleted here. */
  gone: SearchIndexEntry[];
  deleted: SearchIndexEntry[];
}

/** Records read per IndexedDB transaction while checking hits. */
const CHECK_BATCH = 64;

export async function runSearch(db: SatchelDatabase, index: MessageIndex, table: IndexTable, query: SearchQuery, limit: number): Promise<SearchOutcome> {
  const outcome: SearchOutcome = { records: [], complete: true, gone: [], deleted: [] };
  const hits = candidates(index, table, query);
  // A phrase over the whole message is answered by the context index; one in a field is
  // checked here against the record, which is cheap (no body to parse).
  const phrases = query.clauses.filter((clause) => clause.phrase && clause.field !== 'any').map((clause) => ({ clause, pattern: phrasePattern(clause.words) }));
  for (let start = 0; start < hits.length; start += CHECK_BATCH) {
    if (outcome.records.length >= limit) {
      outcome.complete = false;
      break;
    }
    const batch = hits.slice(start, start + CHECK_BATCH);
    const tx = db.transaction('messages', 'readonly');
    const records = await Promise.all([...batch.map((entry) => tx.store.get([entry.accountId, entry.uid])), tx.done]);
    for (const [i, entry] of batch.entries()) {
      const record = records[i] as MessageRecord | undefined;
      if (record === undefined) outcome.gone.push(entry);
      else if (record.deletedLocally) outcome.deleted.push(entry);
      else if (passesFilters(record, query) && phrases.every(({ clause, pattern }) => phraseMatches(record, clause, pattern))) {
        if (outcome.records.length >= limit) {
          outcome.complete = false;
          break;
        }
        outcome.records.push(withoutPreview(record));
      }
    }
  }
  return outcome;
}

/** The table entries every clause finds, within the date range, newest first (as the inbox lists). */
function candidates(index: MessageIndex, table: IndexTable, query: SearchQuery): SearchIndexEntry[] {
  let ids: Set<number> | null = null;
  for (const clause of query.clauses) {
    // Every id there may be: older copies still in the index count against a smaller limit.
    const found = index.ids(clause.field, clause.tokens, table.nextId, clause.phrase);
    ids = new Set(ids === null ? found : found.filter((id) => ids!.has(id)));
    if (ids.size === 0) break;
  }
  const entries: SearchIndexEntry[] = [];
  for (const entry of ids === null ? table.entries() : [...ids].map((id) => table.byId(id))) {
    // An id the table no longer has is an older copy of a message, waiting to be removed.
    if (entry === undefined || entry.dropped === true) continue;
    if (query.before !== null && !(entry.date < query.before)) continue;
    if (query.after !== null && !(entry.date >= query.after)) continue;
    entries.push(entry);
  }
  return entries.sort((a, b) => b.date - a.date || compare(b.accountId, a.accountId) || compare(b.uid, a.uid));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function passesFilters(record: MessageRecord, query: SearchQuery): boolean {
  if (query.unread && record.flags.seen) return false;
  // As the list's paper clip counts them: inline images referenced by Content-ID are not attachments.
  if (query.hasAttachment && !record.attachments.some((a) => a.contentId === null || a.filename !== null)) return false;
  return true;
}

const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';
const NOT_WORD_CHAR = '[^\\p{L}\\p{N}\\p{M}]';

/**
 * The phrase as a pattern over normalized text: its words in order with only separators
 * between them (none needed where CJK meets anything), whole words at Latin ends.
 */
function phrasePattern(words: readonly string[]): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let body = '';
  words.forEach((word, i) => {
    if (i > 0) body += isCjkToken(word) || isCjkToken(words[i - 1]!) ? `${NOT_WORD_CHAR}*` : `${NOT_WORD_CHAR}+`;
    body += escape(word);
  });
  const before = isCjkToken(words[0]!) ? '' : `(?<!${WORD_CHAR})`;
  const after = isCjkToken(words.at(-1)!) ? '' : `(?!${WORD_CHAR})`;
  return new RegExp(`${before}${body}${after}`, 'u');
}

function phraseMatches(record: MessageRecord, clause: TextClause, pattern: RegExp): boolean {
  const fields = indexedFields(record, '');
  return pattern.test(normalizeText(clause.field === 'any' ? fields.all : fields[clause.field]));
}
