import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEARCH_ERROR_WORDING } from '../../../../web/src/lib/search/error-codes.ts';
import type { SearchQuery } from '../../../../web/src/lib/search/query-parser.ts';
import { SearchView } from '../../../../web/src/lib/search/search-view.svelte.ts';
import { deleteLocally, type SatchelDatabase } from '../../../../web/src/lib/storage/index.ts';
import type { SearchAnswer } from '../../../../web/src/lib/sync/sync-controller.svelte.ts';
import { commit, mail, openFresh } from './search-fixtures.ts';

const opened: SatchelDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

async function database(): Promise<SatchelDatabase> {
  const db = await openFresh();
  opened.push(db);
  await commit(db, mail('u1'), mail('u2'), mail('u3'));
  return db;
}

const answer = (...uids: string[]): SearchAnswer => ({ keys: uids.map((uid) => ['acct-1', uid]), complete: true, indexing: 0 });

describe('SearchView', () => {
  it('says what is wrong with a query at once, without asking the Worker', async () => {
    const run = vi.fn();
    const view = new SearchView(await database(), run);
    view.type('from:');
    await view.refresh();
    expect(run).not.toHaveBeenCalled();
    expect(view.errorCode).toBe('SEARCH_ERR_EMPTY_OPERATOR');
    expect(view.error).toBe(SEARCH_ERROR_WORDING.SEARCH_ERR_EMPTY_OPERATOR);
  });

  it('shows the records of the keys in their order, leaving out one deleted meanwhile', async () => {
    const db = await database();
    await deleteLocally(db, 'acct-1', 'u2');
    const view = new SearchView(db, async () => answer('u3', 'u2', 'u1'));
    view.type('hello');
    await view.refresh();
    expect(view.results.map((r) => r.uid)).toEqual(['u3', 'u1']);
    expect(view.terms).toEqual(['hello']);
  });

  it('never lets a slower earlier answer replace a later one', async () => {
    const answers: Array<(a: SearchAnswer) => void> = [];
    const view = new SearchView(await database(), (_query: SearchQuery) => new Promise((resolve) => answers.push(resolve)));
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
    const view = new SearchView(await database(), async () => answer('u1'));
    view.type('hello');
    await view.refresh();
    view.clear();
    expect({ active: view.active, text: view.text, results: view.results, error: view.error }).toEqual({ active: false, text: '', results: [], error: null });
  });

  it('words a Worker failure by its code', async () => {
    const view = new SearchView(await database(), () => Promise.reject({ code: 'SEARCH_ERR_INDEX', message: 'no' }));
    view.type('hello');
    await view.refresh();
    expect(view.error).toBe(SEARCH_ERROR_WORDING.SEARCH_ERR_INDEX);
  });
});
