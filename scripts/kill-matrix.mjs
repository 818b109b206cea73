// The kill matrix, whole: e2e spec 13 with every kill point (npm test runs a subset).
// Run: npm run test:kill-matrix        (builds first; all 20 points)
//      node scripts/kill-matrix.mjs kill09,kill17   (these points only; dist/web must exist)
// Prints each point's landing and counts, then the totals and the time; exits non-zero if a
// point failed or any count is not 0.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'test-results', 'kill-matrix');
const SPEC = 'tests/e2e/specs/13-chromium-killed-mid-sync-converges.spec.ts';
const points = process.argv[2] ?? 'all';

rmSync(RESULTS, { recursive: true, force: true });
const startedAt = Date.now();
const run = spawnSync('npx', ['playwright', 'test', SPEC, '--reporter=list'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, SATCHEL_KILL_MATRIX: points },
});
const seconds = (Date.now() - startedAt) / 1000;

const results = (existsSync(RESULTS) ? readdirSync(RESULTS, { withFileTypes: true }) : [])
  .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
  .map((entry) => JSON.parse(readFileSync(join(RESULTS, entry.name), 'utf8')))
  .sort((a, b) => a.id.localeCompare(b.id));
const totals = { lost: 0, duplicated: 0, truncated: 0, wronglyDeleted: 0 };
console.log('\nkill matrix: where each SIGKILL landed');
for (const r of results) {
  for (const key of Object.keys(totals)) totals[key] += r[key];
  console.log(`${r.id} ${r.link.padEnd(6)} ${r.policy.padEnd(24)} ${(r.ms / 1000).toFixed(1).padStart(5)} s  lost ${r.lost} dup ${r.duplicated} trunc ${r.truncated} wrongly deleted ${r.wronglyDeleted}  | ${r.landed}`);
}
console.log(
  `\npoints ${results.length}, lost ${totals.lost}, duplicated ${totals.duplicated}, truncated ${totals.truncated}, ` +
    `wrongly deleted ${totals.wronglyDeleted}; ${seconds.toFixed(1)} s (playwright exit ${run.status})`,
);
const clean = run.status === 0 && Object.values(totals).every((n) => n === 0);
process.exit(clean ? 0 : 1);
