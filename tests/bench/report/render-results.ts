/**
 * Rewrites the generated block of docs/BENCHMARKS.md from saved results, one section per file,
 * in the order given: `npx tsx tests/bench/report/render-results.ts tests/bench/results/A.json B-quick.json`.
 * npm run bench writes only its own run there; this puts a full run and a --quick run side by side.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.ts';
import { renderBenchTable } from './bench-table.ts';
import { writeBenchmarksDoc } from './benchmarks-doc.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npx tsx tests/bench/report/render-results.ts <results.json>...\n');
  process.exit(2);
}
const sections: string[] = [];
for (const file of files) {
  const result = JSON.parse(await readFile(file, 'utf8')) as BenchResult;
  const kind = result.quick ? '--quick (300 messages)' : 'full (2,000 messages)';
  sections.push(`### ${kind}: ${result.profiles.map((p) => p.profile).join(', ')}\n\n${renderBenchTable(result)}\n\nRaw figures: \`${relative(repoRoot, resolve(file))}\`.`);
}
await writeBenchmarksDoc(join(repoRoot, 'docs', 'BENCHMARKS.md'), sections.join('\n\n'), null);
