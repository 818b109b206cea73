#!/usr/bin/env node
// The whole cut matrix (tests/integration/cut-matrix): every cut point × policy × side, where
// npm test runs a fixed sample. Prints the counts and the wall time; exits non-zero if any
// case failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'satchel-cut-matrix-'));
const reportFile = join(dir, 'report.json');
const started = performance.now();
const run = spawnSync('npx', ['vitest', 'run', '--project', 'integration', 'tests/integration/cut-matrix'], {
  stdio: 'inherit',
  env: { ...process.env, CUT_MATRIX: 'full', CUT_MATRIX_REPORT: reportFile },
});
const wallS = ((performance.now() - started) / 1000).toFixed(1);
let report;
try {
  report = JSON.parse(readFileSync(reportFile, 'utf8'));
} catch {
  console.error(`cut matrix: no report (vitest exited ${run.status}) after ${wallS} s`);
  process.exit(1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const failed = report.tallies.filter((t) => !t.reached || !t.converged || t.lost + t.duplicated + t.refetched + t.truncated + t.wronglyDeleted > 0);
const by = (key) => report.tallies.reduce((counts, t) => ({ ...counts, [t[key]]: (counts[t[key]] ?? 0) + 1 }), {});
console.log(`
cut matrix: ${report.cutPoints} cut points, ${report.cases} cases (${JSON.stringify(by('side'))}, ${JSON.stringify(by('policy'))}, cuts in a row ${JSON.stringify(by('cutsInARow'))})
  reached ${report.reached} (cut twice in a row ${report.cutTwice}), converged ${report.converged}, cut sync still finished ${report.cutSyncFinished}
  lost ${report.lost}, duplicated ${report.duplicated}, refetched ${report.refetched}, truncated ${report.truncated}, wrongly deleted ${report.wronglyDeleted}
  cut sync codes ${JSON.stringify(report.cutCodes)}
  cases failing: ${failed.length}${failed.length ? ' — ' + failed.map((t) => `${t.side}/${t.policy}/${t.name}`).join('; ') : ''}
  wall time ${wallS} s (vitest's own count: ${(report.wallMs / 1000).toFixed(1)} s)`);
process.exit(run.status === 0 && failed.length === 0 ? 0 : 1);
