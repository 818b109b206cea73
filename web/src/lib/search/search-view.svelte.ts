// What the search field shows: the text typed, the parsed query (or why it cannot be read),
// and the results as records for the message list. The query is parsed here, on the page, so
// a mistake is said at once; the search itself runs in the sync Worker, which holds the index
// and answers with the records it checked each hit against: read once, not again here.
import type { MessageRecord } from '../storage/index.ts';
import type { SearchAnswer } from '../sync/sync-controller.svelte.ts';
import { SearchError, SEARCH_ERROR_WORDING, isSearchErrorCode } from './error-codes.ts';
import { parseSearchQuery, type SearchQuery } from './query-parser.ts';

export type SearchRunner = (query: SearchQuery, limit: number) => Promise<SearchAnswer>;

/** Results shown at once: the newest this many (the field says when there are more). @default 500 */
const RESULT_LIMIT = 500;
/** Typing pauses this long before a search starts. */
const TYPING_PAUSE_MS = 150;

export class SearchView {
  readonly #run: SearchRunner;
  readonly #limit: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every new search, so a slower earlier answer never replaces a later one. */
  #generation = 0;

  #text = $state('');
  #query = $state<SearchQuery | null>(null);
  // $state.raw: replaced whole, never changed in place; a proxy over 500 records would cost more than the list.
  #results = $state.raw<MessageRecord[]>([]);
  #complete = $state(true);
  #indexing = $state(0);
  #searching = $state(false);
  #errorCode = $state<string | null>(null);

  constructor(run: SearchRunner, limit = RESULT_LIMIT) {
    this.#run = run;
    this.#limit = limit;
  }

  get text(): string {
    return this.#text;
  }

  /** True while the field holds a search: the list shows results instead of the inbox. */
  get active(): boolean {
    return this.#text.trim() !== '';
  }

  get results(): MessageRecord[] {
    return this.#results;
  }

  /** Words to mark in the rows and the reader. */
  get terms(): string[] {
    return this.#query?.terms ?? [];
  }

  get searching(): boolean {
    return this.#searching;
  }

  /** False when only the newest RESULT_LIMIT results are shown. */
  get complete(): boolean {
    return this.#complete;
  }

  /** Stored messages not indexed yet when the last search ran (a first start): more may match. */
  get indexing(): number {
    return this.#indexing;
  }

  /** The sentence for what went wrong, or null. */
  get error(): string | null {
    const code = this.#errorCode;
    if (code === null) return null;
    return isSearchErrorCode(code) ? SEARCH_ERROR_WORDING[code] : SEARCH_ERROR_WORDING.SEARCH_ERR_INDEX;
  }

  get errorCode(): string | null {
    return this.#errorCode;
  }

  /** The field changed: search after a short pause in typing. */
  type(text: string): void {
    this.#text = text;
    clearTimeout(this.#timer);
    if (!this.active) {
      this.clear();
      return;
    }
    this.#timer = setTimeout(() => void this.refresh(), TYPING_PAUSE_MS);
  }

  /** Searches now (Enter, or the mail changed under the results). */
  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    if (!this.active) return;
    const generation = ++this.#generation;
    let query: SearchQuery;
    try {
      query = parseSearchQuery(this.#text);
    } catch (error) {
      this.#errorCode = error instanceof SearchError ? error.code : 'SEARCH_ERR_INDEX';
      this.#query = null;
      this.#results = [];
      return;
    }
    this.#query = query;
    this.#searching = true;
    try {
      const answer = await this.#run(query, this.#limit);
      if (generation !== this.#generation) return;
      this.#results = answer.records;
      this.#complete = answer.complete;
      this.#indexing = answer.indexing;
      this.#errorCode = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      const code = (error as { code?: unknown } | null)?.code;
      this.#errorCode = typeof code === 'string' ? code : 'SEARCH_ERR_INDEX';
      this.#results = [];
    } finally {
      if (generation === this.#generation) this.#searching = false;
    }
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#generation++;
    this.#text = '';
    this.#query = null;
    this.#results = [];
    this.#complete = true;
    this.#indexing = 0;
    this.#searching = false;
    this.#errorCode = null;
  }
}
