import { describe, expect, it, vi } from 'vitest';
import { SEARCH_ERROR_WORDING } from '../../../../web/src/lib/search/error-codes.ts';
import type { SearchQuery } from '../../../../web/src/lib/search/query-parser.ts';
import { SearchView } from '../../../../web/src/lib/search/search-view.svelte.ts';
import type { MessageRecord } from '../../../../web/src/lib/storage/index.ts';
import type { SearchAnswer } from '../../../../web/src/lib/sync/sync-controller.svelte.ts';
import { mail } from './search-fixtures.ts';

function record(uid: string): MessageRecord {
  const { raw: _bytes, ...stored } = mail(uid);
  return stored;
}

/** What the Worker answers: the records it checked, newest first, without their bytes. */
function answer(...uids: string[]): SearchAnswer {
  return { records: uids.map(record), complete: true, indexing: 0 };
}

describe('SearchView', () => {
  it('says what is wrong with a query at once, without asking the Worker', async () => {
    const run = vi.fn();
    const view = new SearchView(run);
    view.type('from:');
    await view.refresh();
    expect(run).not.toHaveBeenCalled();
    expect(view.errorCode).toBe('SEARCH_ERR_EMPTY_OPERATOR');
    expect(view.error).toBe(SEARCH_ERROR_WORDING.SEARCH_ERR_EMPTY_OPERATOR);
  });

  it('shows the records the Worker answered, in its order, without reading them again', async () => {
    const view = new SearchView(async () => answer('u3', 'u1'));
    view.type('hello');
    await view.refresh();
    expect(view.results.map((r) => r.uid)).toEqual(['u3', 'u1']);
    expect(view.terms).toEqual(['hello']);
  });

  it('never lets a slower earlier answer replace a later one', async () => {
    const answers: Array<(a: SearchAnswer) => void> = [];
    const view = new SearchView((_query: SearchQuery) => new Promise((resolve) => answers.push(resolve)));
    view.type('first');
    const first = view.refresh();
    view.type('second');
    const second = view.refresh();
    answers[1]!(answer('u2'));
    await second;
    answers[0]!(answer('u1'));
    await first;
    expect(view.results.map((r) => r.uid)).toEqual(['u2']);
    expect(view.searching).toBe(false);
  });

  it('clears the search, its results and its error', async () => {
    const view = new SearchView(async () => answer('u1'));
    view.type('hello');
    await view.refresh();
    view.clear();
    expect({ active: view.active, text: view.text, results: view.results, error: view.error }).toEqual({ active: false, text: '', results: [], error: null });
  });

  it('words a Worker failure by its code', async () => {
    const view = new SearchView(() => Promise.reject({ code: 'SEARCH_ERR_INDEX', message: 'no' }));
    view.type('hello');
    await view.refresh();
    expect(view.error).toBe(SEARCH_ERROR_WORDING.SEARCH_ERR_INDEX);
  });
});
