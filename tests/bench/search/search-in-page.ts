/**
 * Runs inside the app's page on the seeded large mailbox (bundled by run-search-bench.ts):
 * builds the search index with the app's SearchIndexer over what is stored (its catch-up, the
 * same per-slice indexing the sync Worker does as batches commit, saves every 2,000 messages
 * included), saves it, measures its size in the search-index store, loads it again as a
 * Worker's cold start would, and times the fixed queries the way the search field runs them:
 * parse, search (hits checked against records, newest first, first 500), read the records.
 */
import { installFreshIso2022JpDecoder } from '../../../web/src/lib/message/fresh-iso-2022-jp-decoder.ts';
import { loadSavedIndex, saveIndex } from '../../../web/src/lib/search/index-store.ts';
import { MessageIndex } from '../../../web/src/lib/search/message-index.ts';
import { bodyText, indexedFields } from '../../../web/src/lib/search/message-text.ts';
import { parseSearchQuery } from '../../../web/src/lib/search/query-parser.ts';
import { SearchIndexer } from '../../../web/src/lib/search/search-indexer.ts';
import { openSatchelDB, type SatchelDatabase } from '../../../web/src/lib/storage/open-database.ts';
import type { MessageRecord } from '../../../web/src/lib/storage/schema.ts';

export interface SearchBenchRequest {
  queries: string[];
  repeats: number;
  limit: number;
}

export interface SearchBenchPageResult {
  messages: number;
  buildMs: number;
  saveMs: number;
  loadMs: number;
  indexBytes: number;
  /** Of the build, for the first 1,000 stored messages: reading them, their text (postal-mime), FlexSearch's add. */
  breakdownPer1000: { readMs: number; textMs: number; addMs: number };
  perQuery: Array<{ query: string; firstMs: number; runsMs: number[]; hits: number; complete: boolean }>;
}

async function readRecords(db: SatchelDatabase, keys: ReadonlyArray<[string, string]>): Promise<MessageRecord[]> {
  const tx = db.transaction('messages', 'readonly');
  const [records] = await Promise.all([Promise.all(keys.map((key) => tx.store.get(key))), tx.done]);
  return records.filter((record): record is MessageRecord => record !== undefined);
}

async function indexBytes(db: SatchelDatabase): Promise<number> {
  const encoder = new TextEncoder();
  let bytes = 0;
  for (const record of await db.getAll('search-index')) {
    bytes += 'data' in record ? encoder.encode(record.data).byteLength : encoder.encode(JSON.stringify(record)).byteLength;
  }
  return bytes;
}

/** One save of the whole index as the indexer makes it: FlexSearch's export, then one IndexedDB transaction. */
async function timeOneSave(db: SatchelDatabase): Promise<number> {
  const saved = await loadSavedIndex(db);
  if (saved === null) throw new Error('the build left no saved index');
  const index = await MessageIndex.load(saved.chunks);
  const { nextId, entries, removals } = saved.state;
  const t0 = performance.now();
  await saveIndex(db, { nextId, entries, removals }, await index.chunks());
  return performance.now() - t0;
}

/** Where the build's time goes, step by step, over the first 1,000 messages. */
async function breakdown(db: SatchelDatabase): Promise<SearchBenchPageResult['breakdownPer1000']> {
  let t0 = performance.now();
  const keys = (await db.getAllKeys('messages', undefined, 1000)) as Array<[string, string]>;
  const records = await readRecords(db, keys);
  const tx = db.transaction('message-bodies', 'readonly');
  const [bodies] = await Promise.all([Promise.all(keys.map((key) => tx.store.get(key))), tx.done]);
  const readMs = performance.now() - t0;
  t0 = performance.now();
  const texts: string[] = [];
  for (const body of bodies) texts.push(await bodyText(body?.raw));
  const textMs = performance.now() - t0;
  const index = MessageIndex.empty();
  t0 = performance.now();
  records.forEach((record, i) => index.add(i + 1, indexedFields(record, texts[i] ?? '')));
  const addMs = performance.now() - t0;
  const scale = 1000 / Math.max(1, keys.length);
  return { readMs: readMs * scale, textMs: textMs * scale, addMs: addMs * scale };
}

async function run(request: SearchBenchRequest): Promise<SearchBenchPageResult> {
  installFreshIso2022JpDecoder();
  const db = await openSatchelDB();
  const opened = () => Promise.resolve(db);
  try {
    const messages = await db.count('messages');
    let t0 = performance.now();
    const builder = new SearchIndexer(opened, { saveDelayMs: 60_000 });
    await builder.settled();
    const buildMs = performance.now() - t0;
    builder.close();
    const saveMs = await timeOneSave(db);

    t0 = performance.now();
    const indexer = new SearchIndexer(opened, { saveDelayMs: 60_000 });
    await indexer.start();
    const loadMs = performance.now() - t0;

    const perQuery: SearchBenchPageResult['perQuery'] = [];
    for (const query of request.queries) {
      const once = async () => {
        const started = performance.now();
        // The records come with the answer, as the app's list takes them.
        const answer = await indexer.search(parseSearchQuery(query), request.limit);
        return { ms: performance.now() - started, hits: answer.records.length, complete: answer.complete };
      };
      const first = await once();
      const runsMs: number[] = [];
      for (let i = 0; i < request.repeats; i++) runsMs.push((await once()).ms);
      perQuery.push({ query, firstMs: first.ms, runsMs, hits: first.hits, complete: first.complete });
    }
    indexer.close();
    return { messages, buildMs, saveMs, loadMs, indexBytes: await indexBytes(db), breakdownPer1000: await breakdown(db), perQuery };
  } finally {
    db.close();
  }
}

(globalThis as { satchelSearchBench?: typeof run }).satchelSearchBench = run;
