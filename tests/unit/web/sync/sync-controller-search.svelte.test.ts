// SyncController.search: the page's side of a search in the sync Worker.
import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../../../web/src/lib/search/query-parser.ts';
import { message } from '../storage/storage-fixtures.ts';
import { controllerWithFakeWorkers } from '../support/fake-sync-worker.ts';

const setup = controllerWithFakeWorkers;

describe('SyncController.search', () => {
  it('starts the Worker, posts the parsed query and resolves with its records', async () => {
    const { controller, workers } = setup();
    const answer = controller.search(parseSearchQuery('from:ada budget'), 50);
    const posted = workers[0]!.posted[0]!;
    expect(posted).toMatchObject({ type: 'search', limit: 50, query: { clauses: [{ field: 'any', tokens: ['budget'] }, { field: 'from', tokens: ['ada'] }] } });
    const { raw: _bytes, ...record } = message('u9', { accountId: 'a1' });
    const records = [record];
    workers[0]!.answer({ type: 'search-results', requestId: posted.requestId, records, complete: true, indexing: 0 });
    await expect(answer).resolves.toEqual({ records, complete: true, indexing: 0 });
  });

  it('rejects with the Worker\'s code when the search failed', async () => {
    const { controller, workers } = setup();
    const answer = controller.search(parseSearchQuery('x1'), 50);
    workers[0]!.answer({ type: 'search-failed', requestId: workers[0]!.posted[0]!.requestId, code: 'SEARCH_ERR_INDEX', message: 'no' });
    await expect(answer).rejects.toEqual({ code: 'SEARCH_ERR_INDEX', message: 'no' });
  });

  it('rejects a pending search when the Worker crashes, instead of leaving it waiting', async () => {
    const { controller, workers } = setup();
    const answer = controller.search(parseSearchQuery('x1'), 50);
    workers[0]!.dispatchEvent(new Event('error'));
    await expect(answer).rejects.toMatchObject({ code: 'SEARCH_ERR_INDEX' });
  });
});
