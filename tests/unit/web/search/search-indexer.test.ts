import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessageIndex } from '../../../../web/src/lib/search/message-index.ts';
import { deleteLocally, restoreLocally, type SatchelDatabase } from '../../../../web/src/lib/storage/index.ts';
import { parseSearchQuery } from '../../../../web/src/lib/search/query-parser.ts';
import { SearchIndexer } from '../../../../web/src/lib/search/search-indexer.ts';
import { commit, mail, openFresh, uids } from './search-fixtures.ts';

const open: Array<{ db: SatchelDatabase; indexers: SearchIndexer[] }> = [];

async function setup(liveIntervalMs = 10): Promise<{ db: SatchelDatabase; indexer: () => SearchIndexer }> {
  const db = await openFresh();
  const entry = { db, indexers: [] as SearchIndexer[] };
  open.push(entry);
  return {
    db,
    indexer: () => {
      const indexer = new SearchIndexer(() => Promise.resolve(db), { saveDelayMs: 10, removeDelayMs: 1, liveIntervalMs });
      entry.indexers.push(indexer);
      return indexer;
    },
  };
}

afterEach(() => {
  for (const { db, indexers } of open.splice(0)) {
    for (const indexer of indexers) indexer.close();
    db.close();
  }
});

async function find(indexer: SearchIndexer, query: string, limit = 100): Promise<string[]> {
  return uids((await indexer.search(parseSearchQuery(query), limit)).records);
}

describe('SearchIndexer', () => {
  it('finds whole messages by a body word as their batch commits, newest first', async () => {
    const { db, indexer: make } = await setup();
    const indexer = make();
    await commit(db, mail('old', { body: 'the platypus swims', date: 1_000 }), mail('new', { body: 'a Platypus sleeps', date: 2_000 }), mail('other', { body: 'a duck' }));
    indexer.committed('acct-1', ['old', 'new', 'other'], 'complete');
    await indexer.settled();
    expect(await find(indexer, 'platypus')).toEqual(['new', 'old']);
    expect(await find(indexer, 'from:lovelace duck')).toEqual(['other']);
  });

  it('indexes whole messages in rounds while a sync runs, and the rest when it ends', async () => {
    const { db, indexer: make } = await setup(60_000);
    const indexer = make();
    await indexer.start();
    await commit(db, mail('u1', { body: 'a bilby' }));
    indexer.committed('acct-1', ['u1'], 'complete');
    const during = await indexer.search(parseSearchQuery('bilby'), 10);
    expect(during).toMatchObject({ records: [], indexing: 1 });
    await indexer.syncEnded('acct-1');
    expect(await find(indexer, 'bilby')).toEqual(['u1']);
    indexer.close();
    // A sync still running: the round comes after liveIntervalMs, without the sync's end.
    const quick = new SearchIndexer(() => Promise.resolve(db), { liveIntervalMs: 5, saveDelayMs: 10 });
    await quick.settled();
    await commit(db, mail('u2', { body: 'a bilby too' }));
    quick.committed('acct-1', ['u2'], 'complete');
    await expect.poll(async () => (await find(quick, 'bilby')).sort()).toEqual(['u1', 'u2']);
    quick.close();
  });

  it('indexes header-only messages when the sync ends, and their bodies when they come', async () => {
    const { db, indexer: make } = await setup();
    const indexer = make();
    await indexer.settled();
    await commit(db, mail('u1', { state: 'header', subject: 'Quarterly figures', body: 'preview line' }));
    indexer.committed('acct-1', ['u1'], 'header');
    await indexer.settled();
    expect(await find(indexer, 'quarterly')).toEqual([]);
    await indexer.syncEnded('acct-1');
    expect(await find(indexer, 'quarterly')).toEqual(['u1']);
    // The answer carries the record for the list, but not the header-only bytes stored in it.
    expect((await db.get('messages', ['acct-1', 'u1']))?.preview).toBeDefined();
    const { records } = await indexer.search(parseSearchQuery('quarterly'), 10);
    expect(records).toMatchObject([{ uid: 'u1', state: 'header' }]);
    expect(records[0]).not.toHaveProperty('preview');
    await commit(db, mail('u1', { subject: 'Quarterly figures', body: 'preview line and the wombat below', storedAt: Date.UTC(2025, 0, 3) }));
    indexer.committed('acct-1', ['u1'], 'complete');
    await indexer.settled();
    expect(await find(indexer, 'wombat')).toEqual(['u1']);
    expect(await find(indexer, 'quarterly')).toEqual(['u1']);
  });

  it('loads the saved index on the next start instead of reading the mail again', async () => {
    const { db, indexer: make } = await setup();
    const first = make();
    await commit(db, mail('u1', { body: 'saved aardvark' }));
    first.committed('acct-1', ['u1'], 'complete');
    await first.syncEnded('acct-1');
    first.close();
    // Were the next start to read the message again, it would find no body to index.
    await db.clear('message-bodies');
    const second = make();
    expect(await find(second, 'aardvark')).toEqual(['u1']);
  });

  it('catches up on the next start with what a killed tab committed but never indexed', async () => {
    const { db, indexer: make } = await setup();
    const first = make();
    await commit(db, mail('before', { body: 'indexed okapi' }));
    first.committed('acct-1', ['before'], 'complete');
    await first.syncEnded('acct-1');
    first.close();
    // The tab dies after this batch committed, before the Worker indexed or saved it.
    await commit(db, mail('after', { body: 'unindexed okapi' }), mail('header', { state: 'header', body: 'okapi preview' }));
    const second = make();
    await second.settled();
    expect((await find(second, 'okapi')).sort()).toEqual(['after', 'before', 'header']);
  });

  it('drops messages whose records are gone, at once and on the next start', async () => {
    const { db, indexer: make } = await setup();
    const first = make();
    await commit(db, mail('keep', { body: 'a quokka' }), mail('gone', { body: 'a quokka too' }));
    first.committed('acct-1', ['keep', 'gone'], 'complete');
    await first.syncEnded('acct-1');
    await db.delete('messages', ['acct-1', 'gone']);
    expect(await find(first, 'quokka')).toEqual(['keep']);
    first.close();
    const second = make();
    await second.settled();
    expect(await find(second, 'quokka')).toEqual(['keep']);
  });

  it('never returns a message deleted here, and removes its entries when idle', async () => {
    const { db, indexer: make } = await setup();
    const indexer = make();
    await commit(db, mail('u1', { body: 'the numbat' }), mail('u2', { body: 'the numbat again' }));
    indexer.committed('acct-1', ['u1', 'u2'], 'complete');
    await indexer.settled();
    await deleteLocally(db, 'acct-1', 'u1');
    expect(await find(indexer, 'numbat')).toEqual(['u2']);
    await expect.poll(() => indexer.pendingRemovals).toBe(0);
    expect(await find(indexer, 'numbat')).toEqual(['u2']);
    indexer.close();
    // The tombstone is held as dropped: a later start neither returns nor indexes it again.
    const again = make();
    await again.settled();
    expect(await find(again, 'numbat')).toEqual(['u2']);
  });

  it('finds a message again once Undo restores it, now and on the next start', async () => {
    const { db, indexer: make } = await setup();
    const indexer = make();
    await commit(db, mail('u1', { body: 'the platypus' }));
    indexer.committed('acct-1', ['u1'], 'complete');
    await indexer.settled();
    await deleteLocally(db, 'acct-1', 'u1');
    expect(await find(indexer, 'platypus')).toEqual([]);
    await restoreLocally(db, 'acct-1', 'u1');
    indexer.restored('acct-1', 'u1');
    expect(await find(indexer, 'platypus')).toEqual(['u1']);
    await indexer.flush();
    indexer.close();
    const again = make();
    await again.settled();
    expect(await find(again, 'platypus')).toEqual(['u1']);
  });

  it('a message that fails to index leaves the rest indexed, and is tried again on the next start', async () => {
    const { db, indexer: make } = await setup();
    const indexer = make();
    await commit(db, mail('bad', { body: 'a quoll', date: 1_000 }), mail('good', { body: 'a quoll too', date: 2_000 }));
    const add = MessageIndex.prototype.add;
    const spy = vi.spyOn(MessageIndex.prototype, 'add').mockImplementation(function (this: MessageIndex, ...args: Parameters<typeof add>) {
      if (args[1].all.includes('a quoll\n') || args[1].all.endsWith('a quoll')) throw new Error('cannot index this one');
      return add.apply(this, args);
    });
    indexer.committed('acct-1', ['bad', 'good'], 'complete');
    await indexer.settled();
    expect(await find(indexer, 'quoll')).toEqual(['good']);
    spy.mockRestore();
    await indexer.flush();
    indexer.close();
    const again = make();
    await again.settled();
    expect(await find(again, 'quoll')).toEqual(['good', 'bad']);
  });

  it('checks phrases, CJK words and the record filters', async () => {
    const { db, indexer: make } = await setup();
    const indexer = make();
    await commit(
      db,
      mail('phrase', { body: 'join the mailing list today', seen: true }),
      mail('apart', { body: 'the list of mailing addresses', attachment: true }),
      mail('cjk', { body: '日本語のテキストです', date: Date.UTC(2020, 5, 1) }),
      mail('cjk-apart', { body: '日本 と 英語', date: Date.UTC(2024, 5, 1) }),
    );
    indexer.committed('acct-1', ['phrase', 'apart', 'cjk', 'cjk-apart'], 'complete');
    await indexer.settled();
    expect(await find(indexer, '"mailing list"')).toEqual(['phrase']);
    expect(await find(indexer, '"join the mailing"')).toEqual(['phrase']);
    expect(await find(indexer, '"the mailing"')).toEqual(['phrase']);
    expect(await find(indexer, 'from:"ada lovelace" "list of"')).toEqual(['apart']);
    expect(await find(indexer, 'from:"lovelace example"')).toEqual([]);
    expect((await find(indexer, 'mailing list')).sort()).toEqual(['apart', 'phrase']);
    expect(await find(indexer, '日本語')).toEqual(['cjk']);
    expect(await find(indexer, 'mailing is:unread')).toEqual(['apart']);
    expect(await find(indexer, 'mailing has:attachment')).toEqual(['apart']);
    expect(await find(indexer, '日本 before:2021-01-01')).toEqual(['cjk']);
    expect(await find(indexer, '日本 after:2021-01-01')).toEqual(['cjk-apart']);
  });

  it('answers while a first start is still catching up, and says how many messages wait', async () => {
    const { db, indexer: make } = await setup();
    await commit(db, ...Array.from({ length: 200 }, (_, n) => mail(`u${n}`, { body: 'a wallaby', date: n })));
    const indexer = make();
    await indexer.start();
    const early = await indexer.search(parseSearchQuery('wallaby'), 500);
    expect(early.indexing).toBeGreaterThan(0);
    expect(early.records.length).toBe(200 - early.indexing);
    await indexer.settled();
    const late = await indexer.search(parseSearchQuery('wallaby'), 500);
    expect(late).toMatchObject({ indexing: 0, complete: true });
    expect(late.records).toHaveLength(200);
  });

  it('returns at most the limit, newest first, and says more were left', async () => {
    const { db, indexer: make } = await setup();
    const indexer = make();
    await commit(db, ...[1, 2, 3, 4, 5].map((n) => mail(`u${n}`, { body: 'echidna', date: n * 1000 })));
    indexer.committed('acct-1', ['u1', 'u2', 'u3', 'u4', 'u5'], 'complete');
    await indexer.settled();
    const page = await indexer.search(parseSearchQuery('echidna'), 2);
    expect(uids(page.records)).toEqual(['u5', 'u4']);
    expect(page.complete).toBe(false);
  });
});
