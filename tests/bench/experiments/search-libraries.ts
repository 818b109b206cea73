/**
 * Compares three full-text search libraries (MiniSearch, FlexSearch, Orama) on 10,000 messages
 * made from the shared corpus, for the search index. Results and the pick are in
 * docs/SEARCH.md. Run: `npx tsx tests/bench/experiments/search-libraries.ts [name-prefix …]` (Node; each library
 * runs in a child process of its own; about 3 minutes on a busy 2-core machine).
 *
 * Every library gets the same text analysis (web/src/lib/search/text-analysis.ts): lower case, NFKD with combining
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
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import MiniSearch from 'minisearch';
import { Document as FlexDocument, Charset as FlexCharset } from 'flexsearch';
import * as orama from '@orama/orama';
import { median } from '../report/median.ts';
import { FIXED_QUERIES } from '../search/fixed-queries.ts';
import { type FlexDoc, ORAMA_SCHEMA, flexLibrary, miniSearch, oramaLibrary } from './search-libraries/libraries.ts';
import { type BaseMessage, DOC_COUNT, type MailDoc, loadBaseMessages, makeDocs } from './search-libraries/mail-docs.ts';
import { FIELDS, type Library, type ParsedQuery, type SearchIndex, execute, groundTruth, parseQuery } from './search-libraries/queries.ts';
import { CJK_CHAR, analyze } from '../../../web/src/lib/search/text-analysis.ts';

const BATCH = 1_000;
const QUERY_REPEATS = 9;
const REMOVE_COUNT = 200;

const QUERIES = FIXED_QUERIES;

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
