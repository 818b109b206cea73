/**
 * Makes runs the ones docs/BENCHMARKS.md cites: each JSON is copied to docs/bench/ and its
 * table takes the place of the shown table of the same kind (see citeInto), or goes last.
 * Sections whose JSON is no longer in docs/bench/ are dropped, so after `git rm` of a cited
 * run, running this with no file re-renders the block without it.
 *
 *   npm run bench -- --cite                                        (the run just made)
 *   npx tsx tests/bench/report/cite-runs.ts tests/bench/results/<run>.json …   (runs made earlier)
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.ts';
import { citedFilesIn, citeInto, renderCitedRuns, replaceGeneratedBlock, type CitedRun } from './benchmarks-doc.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const docFile = join(repoRoot, 'docs', 'BENCHMARKS.md');
const citedDir = join(repoRoot, 'docs', 'bench');

/** Cites `jsonFiles` in order and rewrites the generated block; returns the files it shows. */
export async function citeRuns(jsonFiles: readonly string[]): Promise<string[]> {
  await mkdir(citedDir, { recursive: true });
  const doc = await readFile(docFile, 'utf8');
  let runs: CitedRun[] = [];
  for (const file of citedFilesIn(doc)) {
    if (existsSync(join(citedDir, file))) runs.push({ file, result: await readResult(join(citedDir, file)) });
  }
  for (const jsonFile of jsonFiles) {
    const file = basename(jsonFile);
    if (resolve(jsonFile) !== join(citedDir, file)) await copyFile(jsonFile, join(citedDir, file));
    runs = citeInto(runs, { file, result: await readResult(jsonFile) });
  }
  await writeFile(docFile, replaceGeneratedBlock(doc, renderCitedRuns(runs)));
  return runs.map((run) => run.file);
}

async function readResult(file: string): Promise<BenchResult> {
  return JSON.parse(await readFile(file, 'utf8')) as BenchResult;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const shown = await citeRuns(process.argv.slice(2));
  process.stdout.write(`docs/BENCHMARKS.md shows: ${shown.join(', ') || 'no run'}\n`);
}
