// The full-text index itself: FlexSearch 0.8 `Document`, picked by numbers in docs/SEARCH.md.
// Tokenizing is ours (text-analysis.ts, as FlexSearch's `encode`); FlexSearch stores the terms
// and intersects them. Its ranking is not used: results are listed newest first.
import { Document } from 'flexsearch';
import { turnIsDue, yieldTurn, yieldTurnIfDue } from '../platform/worker-turns.ts';
import type { SearchField } from './query-parser.ts';
import { analyze } from './text-analysis.ts';

/** The text of one message as the index sees it; `all` answers words with no operator. */
export interface IndexedFields {
  from: string;
  to: string;
  subject: string;
  all: string;
}

interface FlexDoc {
  [key: string]: string | number;
  id: number;
  from: string;
  to: string;
  subject: string;
  all: string;
}

/** One exported piece of the index, as FlexSearch's export hands it over. */
export type IndexChunk = [key: string, data: string];

const FIELD_INDEX: Record<SearchField, keyof IndexedFields> = { any: 'all', from: 'from', to: 'to', subject: 'subject' };

function newDocument(): Document<FlexDoc> {
  return new Document<FlexDoc>({
    document: {
      id: 'id',
      // FlexSearch intersects terms only inside one field, so `all` (sender, recipients,
      // subject and text) answers a search's bare words in one call. Its context index holds
      // every pair of adjacent tokens, in order: a phrase is answered by the index, without
      // reading and parsing each candidate's body again (docs/SEARCH.md, "In the app").
      index: [
        ...(['from', 'to', 'subject'] as const).map((field) => ({ field, tokenize: 'strict' as const, encode: analyze })),
        { field: 'all', tokenize: 'strict' as const, encode: analyze, context: { depth: 1, bidirectional: false, resolution: 3 } },
      ],
    },
    // FlexSearch's serialize.js: "fast update isn't supported by export/import", and importing
    // into a fastupdate index throws; an index built here must load the same way it was saved.
    fastupdate: false,
  });
}

export class MessageIndex {
  readonly #doc: Document<FlexDoc>;

  private constructor(doc: Document<FlexDoc>) {
    this.#doc = doc;
  }

  static empty(): MessageIndex {
    return new MessageIndex(newDocument());
  }

  /**
   * Rebuilds the index from its exported chunks, in the order export gave them, a chunk a
   * turn: the sync Worker's thread is shared with every sync, and a 4,500-message index took
   * 1.9-2.5 s to load in one block (18 chunks of up to 3.4 MB).
   */
  static async load(chunks: readonly IndexChunk[]): Promise<MessageIndex> {
    const doc = newDocument();
    for (const [key, data] of chunks) {
      doc.import(key, data);
      await yieldTurnIfDue();
    }
    return new MessageIndex(doc);
  }

  add(id: number, fields: IndexedFields): void {
    this.#doc.add({ id, ...fields });
  }

  /** Walks the whole index without fastupdate (docs/SEARCH.md "Removes"): call it when idle. */
  remove(id: number): void {
    this.#doc.remove(id);
  }

  /**
   * Ids whose field holds every token; with `adjacent` (only `any`, the field with a context
   * index), each token must follow the one before it: a phrase, up to pairs that stand apart.
   */
  ids(field: SearchField, tokens: readonly string[], limit: number, adjacent = false): number[] {
    const results = this.#doc.search(tokens.join(' '), { index: FIELD_INDEX[field], limit: Math.max(1, limit), context: adjacent && field === 'any' });
    return (results[0]?.result ?? []) as number[];
  }

  async chunks(): Promise<IndexChunk[]> {
    const chunks: IndexChunk[] = [];
    // FlexSearch waits for a promise the callback returns before the next chunk: a turn for
    // the rest of the thread, as load() gives. The caller's queue keeps writers out meanwhile.
    await this.#doc.export((key: string, data: string) => {
      chunks.push([key, data]);
      return turnIsDue() ? yieldTurn() : undefined;
    });
    return chunks;
  }
}
