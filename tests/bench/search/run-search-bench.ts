/**
 * The search bench (issue 18): the built app's search on the large mailbox in Chromium. It
 * seeds a Chromium profile with 10,000 corpus-based messages (tests/bench/large-mailbox), starts
 * the app offline on it, and in the page builds the index with the app's SearchIndexer, saves
 * and reloads it, and runs the 20 fixed queries of docs/SEARCH.md (one cold run, then
 * `--repeats` more; each query's figure is the median of those). Prints the figures beside the
 * targets and writes them to tests/bench/results/search-<time>.json. Figures, not a test.
 *
 *   npm run build && npm run bench:search [-- --repeats=9 --count=10000]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { DEFAULT_MAILBOX } from '../large-mailbox/generate-mailbox.ts';
import { seededProfile } from '../large-mailbox/seeded-profile.ts';
import { median } from '../report/median.ts';
import { FIXED_QUERIES } from './fixed-queries.ts';
import type { SearchBenchPageResult, SearchBenchRequest } from './search-in-page.ts';

const TARGETS = { medianMs: 50, p95Ms: 150 };
const RESULT_LIMIT = 500;

function option(name: string, fallback: number): number {
  const found = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return found === undefined ? fallback : Number(found.slice(name.length + 3));
}

function nearestRank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

async function pageScript(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: fileURLToPath(new URL('./search-in-page.ts', import.meta.url)), formats: ['iife'], name: 'satchelSearchBench', fileName: () => 'search.js' } },
  });
  for (const output of Array.isArray(result) ? result : [result]) {
    if (!('output' in output)) continue;
    const chunk = output.output.find((item) => item.type === 'chunk');
    if (chunk !== undefined && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('vite produced no chunk for search-in-page.ts');
}

const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const verdict = (value: number, target: number): string => (value <= target ? 'met' : 'MISSED');

async function main(): Promise<void> {
  const repeats = option('repeats', 9);
  const count = option('count', DEFAULT_MAILBOX.count);
  const startedAt = new Date();
  console.error(`seeding ${count} messages into a Chromium profile …`);
  const profile = await seededProfile({ ...DEFAULT_MAILBOX, count });
  let page: SearchBenchPageResult;
  try {
    const context = await profile.launch({ offline: true });
    try {
      const tab = context.pages()[0] ?? (await context.newPage());
      await tab.goto('/');
      // Through CDP's evaluate, which the app's Content-Security-Policy does not govern.
      await tab.evaluate(await pageScript());
      const request: SearchBenchRequest = { queries: FIXED_QUERIES.map((q) => q.query), repeats, limit: RESULT_LIMIT };
      console.error('building the index, then timing the queries …');
      page = await tab.evaluate((req) => (globalThis as unknown as { satchelSearchBench(r: SearchBenchRequest): Promise<SearchBenchPageResult> }).satchelSearchBench(req), request);
    } finally {
      await context.close();
    }
  } finally {
    await profile.close();
  }

  const medians = page.perQuery.map((q) => median(q.runsMs));
  const summary = {
    queryMedianMs: median(medians),
    queryP95Ms: nearestRank(medians, 0.95),
    buildMsPer1000: (page.buildMs * 1000) / page.messages,
    indexFractionOfMail: page.indexBytes / profile.seed.rawBytes,
  };
  const lines = [
    `# search bench — ${startedAt.toISOString()}, Chromium, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    `mailbox: ${page.messages} messages, ${(profile.seed.rawBytes / 1e6).toFixed(1)} MB of raw mail (seeded in ${(profile.seed.elapsedMs / 1000).toFixed(1)} s)`,
    '',
    '| figure | value | target |',
    '|---|---:|---|',
    `| query median of the 20 per-query medians | ${fmt(summary.queryMedianMs)} ms | ≤ ${TARGETS.medianMs} ms (${verdict(summary.queryMedianMs, TARGETS.medianMs)}) |`,
    `| query p95 (nearest rank) | ${fmt(summary.queryP95Ms)} ms | ≤ ${TARGETS.p95Ms} ms (${verdict(summary.queryP95Ms, TARGETS.p95Ms)}) |`,
    `| index build, per 1,000 messages (saves included) | ${fmt(summary.buildMsPer1000)} ms | figure only |`,
    `| of which, per 1,000: reading records and bytes; their text (postal-mime); FlexSearch add | ${fmt(page.breakdownPer1000.readMs)}; ${fmt(page.breakdownPer1000.textMs)}; ${fmt(page.breakdownPer1000.addMs)} ms | figure only |`,
    `| index size / stored mail | ${(100 * summary.indexFractionOfMail).toFixed(1)} % (${(page.indexBytes / 1e6).toFixed(1)} MB) | figure only |`,
    `| index save (export + IndexedDB) | ${fmt(page.saveMs)} ms | figure only |`,
    `| index load (a Worker's cold start: load + key check) | ${fmt(page.loadMs)} ms | figure only |`,
    '',
    `| # | query | hits (first ${RESULT_LIMIT}) | median of ${repeats} ms | first run ms |`,
    '|---:|---|---:|---:|---:|',
    ...page.perQuery.map((q, i) => `| ${i + 1} | \`${q.query}\` | ${q.hits}${q.complete ? '' : '+'} | ${fmt(medians[i]!)} | ${fmt(q.firstMs)} |`),
  ];
  const table = lines.join('\n');
  const results = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(results, { recursive: true });
  const file = `${results}search-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), targets: TARGETS, seed: profile.seed, summary, page }, null, 2)}\n`);
  process.stdout.write(`${table}\n\nJSON: ${file}\n`);
}

await main();
