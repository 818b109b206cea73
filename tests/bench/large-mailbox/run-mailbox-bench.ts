/**
 * `npm run bench:mailbox`: on the seeded 10,000-message mailbox in Chromium, the cold offline
 * start to the first painted row (median of 5 fresh browser processes) and the time to open
 * the 1 MB HTML message (headers, body). Prints the figures beside their targets and writes
 * the JSON to tests/bench/results/ (git-ignored). A measurement, not a test: it fails only if
 * it cannot measure. Needs `npm run build` first. docs/BENCHMARKS.md says how to read it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LARGE_HTML_SUBJECT, LARGE_HTML_UID } from './large-html-message.ts';
import { firstRowMs, installFirstRowTiming, openMessageTiming, type OpenTiming } from './page-timing.ts';
import { seededProfile } from './seeded-profile.ts';
import { median } from '../report/median.ts';

const RUNS = 5;
const SETTLE_MS = 1_500;
const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

async function main(): Promise<void> {
  const seeding = performance.now();
  const profile = await seededProfile();
  console.log(`seeded ${profile.seed.messages} messages (${profile.seed.unread} unread, ${(profile.seed.rawBytes / 1e6).toFixed(1)} MB) in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const coldStarts: number[] = [];
  const opens: OpenTiming[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await profile.launch();
      await installFirstRowTiming(context);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/');
      coldStarts.push(Math.round(await firstRowMs(page)));
      // The app as a user finds it a moment after it opened: its start-up work done.
      await page.waitForTimeout(SETTLE_MS);
      opens.push(await openMessageTiming(page, LARGE_HTML_UID, LARGE_HTML_SUBJECT));
      await context.close();
    }
  } finally {
    await profile.close();
    rmSync(profile.profileDir, { recursive: true, force: true });
  }
  const round = (ms: number) => Math.round(ms);
  const result = {
    at: new Date().toISOString(),
    seed: profile.seed,
    coldStartFirstRowMs: { runs: coldStarts, median: median(coldStarts), target: 400 },
    openLargeHtml: {
      headersMs: { runs: opens.map((o) => round(o.headersMs)), median: round(median(opens.map((o) => o.headersMs))), target: 'at once' },
      bodyMs: { runs: opens.map((o) => round(o.bodyMs)), median: round(median(opens.map((o) => o.bodyMs))), target: 500 },
      body: opens.map((o) => o.body),
    },
  };
  const table = [
    ['measure', 'median', 'target', 'runs'],
    ['cold offline start to first row', `${result.coldStartFirstRowMs.median} ms`, '≤ 400 ms', coldStarts.join(', ')],
    ['1 MB HTML message: headers', `${result.openLargeHtml.headersMs.median} ms`, 'at once', result.openLargeHtml.headersMs.runs.join(', ')],
    ['1 MB HTML message: body', `${result.openLargeHtml.bodyMs.median} ms`, '≤ 500 ms', `${result.openLargeHtml.bodyMs.runs.join(', ')} (${[...new Set(result.openLargeHtml.body)].join(', ')})`],
  ];
  for (const row of table) console.log(`${row[0]!.padEnd(34)} ${row[1]!.padStart(8)}  ${row[2]!.padEnd(9)} ${row[3]}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `mailbox-${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`wrote ${file}`);
}

await main();
