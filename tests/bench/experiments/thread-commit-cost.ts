/**
 * What keeping conversations as messages commit (web/src/lib/storage/thread-assignment.ts)
 * costs a first sync's writes, in the bench's Chromium (same binary, flags and bare DevTools
 * client as the app bench): the same messages committed by this tree and by a baseline
 * commit's (--base, default `main`; give the commit before conversations when main has them),
 * each bundled with esbuild as the build bundles it and run in a dedicated Worker, as the
 * sync Worker runs it. Each run commits the headers (TOP n 8 answers) and then the whole
 * messages into a fresh database in batches of run-sync's 512; the two trees take turns.
 * Medians of --runs.
 *
 *   npx tsx tests/bench/experiments/thread-commit-cost.ts [--base=main] [--runs=5] [--count=2000]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMailbox } from '../../support/generated-mail.ts';
import { MAILBOX_SEED } from '../bench-environment.ts';
import { CdpPage } from '../clients/cdp-page.ts';
import { startChromium } from '../clients/chromium-process.ts';
import { median } from '../report/median.ts';
import type { CostAnswer } from './thread-commit-cost-worker.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..', '..');
const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const base = option('base') ?? 'main';
const runs = Number(option('runs') ?? 5);
const count = Number(option('count') ?? 2000);
const BATCH = 512;
const PREVIEW_LINES = 8;

/** Bytes of `TOP n lines`: the header block, the blank line, then `lines` body lines. */
function topLength(raw: Uint8Array, lines: number): number {
  let at = -1;
  for (let i = 0; i < raw.length && at < 0; i++) {
    if (raw[i] !== 0x0a) continue;
    if (raw[i + 1] === 0x0a) at = i + 2;
    else if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) at = i + 3;
  }
  if (at < 0) return raw.length;
  for (let line = 0; line < lines && at < raw.length; line++) {
    const end = raw.indexOf(0x0a, at);
    at = end < 0 ? raw.length : end + 1;
  }
  return at;
}

const mailbox = generateMailbox({ count, seed: MAILBOX_SEED, shape: 'reference' });
const body = Buffer.concat(mailbox);
const temp = mkdtempSync(join(tmpdir(), 'satchel-thread-commit-cost-'));

/** The worker bundled from `root`: this tree, or `base` exported with git archive beside it. */
function bundle(root: string, out: string): Buffer {
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/esbuild'),
    [join(root, 'tests/bench/experiments/thread-commit-cost-worker.ts'), '--bundle', '--format=esm', '--platform=browser', '--target=es2022', '--minify', `--outfile=${out}`, '--log-level=warning'],
    { encoding: 'utf8', env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') } },
  );
  if (result.status !== 0) throw new Error(`esbuild failed: ${result.stderr}`);
  return readFileSync(out);
}
const baseRoot = join(temp, 'base');
mkdirSync(join(baseRoot, 'tests/bench/experiments'), { recursive: true });
const archive = spawnSync('sh', ['-c', `git -C "${ROOT}" archive "${base}" web shared | tar -x -C "${baseRoot}"`], { encoding: 'utf8' });
if (archive.status !== 0) throw new Error(`git archive ${base} failed: ${archive.stderr}`);
copyFileSync(join(HERE, 'thread-commit-cost-worker.ts'), join(baseRoot, 'tests/bench/experiments/thread-commit-cost-worker.ts'));
const workers = { base: bundle(baseRoot, join(temp, 'base.js')), head: bundle(ROOT, join(temp, 'head.js')) };
type Tree = keyof typeof workers;

const PAGE = `<!doctype html><title>thread commit cost</title><script>
const pending = new Map();
let nextId = 1;
const workers = {};
for (const tree of ['base', 'head']) {
  const worker = new Worker('/' + tree + '.js', { type: 'module' });
  worker.onmessage = ({ data }) => { const p = pending.get(data.id); pending.delete(data.id); data.error ? p.reject(new Error(data.error)) : p.resolve(data.result); };
  worker.onerror = (event) => { for (const p of pending.values()) p.reject(new Error(event.message)); pending.clear(); };
  workers[tree] = worker;
}
window.bench = (tree, request) => new Promise((resolve, reject) => { const id = nextId++; pending.set(id, { resolve, reject }); workers[tree].postMessage({ ...request, id }); });
</script>`;

const http = createServer((request, response) => {
  const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  if (request.url === '/base.js' || request.url === '/head.js') response.writeHead(200, { ...isolation, 'content-type': 'text/javascript' }).end(workers[request.url.slice(1, 5) as Tree]);
  else if (request.url === '/mail') response.writeHead(200, { ...isolation, 'content-type': 'application/octet-stream' }).end(body);
  else response.writeHead(200, { ...isolation, 'content-type': 'text/html' }).end(PAGE);
});
await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

const profile = mkdtempSync(join(tmpdir(), 'satchel-thread-commit-cost-profile-'));
const chrome = await startChromium(profile);
const results: Record<Tree, CostAnswer[]> = { base: [], head: [] };
const loadBefore = loadavg()[0]!;
let browserVersion = '';
try {
  browserVersion = ((await (await fetch(`${chrome.endpoint}/json/version`)).json()) as { Browser: string }).Browser;
  const blank = await CdpPage.connect(chrome.endpoint, 'about:blank');
  await blank.send('Page.navigate', { url: `${origin}/` });
  blank.close();
  await new Promise((done) => setTimeout(done, 500));
  const page = await CdpPage.connect(chrome.endpoint, origin);
  // A string, not a function: tsx's keepNames would carry __name() calls into the page.
  const bench = async <T>(tree: Tree, request: Record<string, unknown>): Promise<T> => {
    const answer = (await page.send('Runtime.evaluate', { expression: `window.bench(${JSON.stringify(tree)}, ${JSON.stringify(request)})`, awaitPromise: true, returnByValue: true }, 600_000)) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (answer.exceptionDetails) throw new Error(answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text);
    return answer.result.value as T;
  };
  const load = { type: 'load', url: '/mail', sizes: mailbox.map((m) => m.byteLength), previews: mailbox.map((m) => topLength(m, PREVIEW_LINES)) };
  for (const tree of ['base', 'head'] as const) {
    await bench(tree, load);
    await bench(tree, { type: 'run', run: -1, batch: BATCH }); // warm-up
  }
  for (let run = 0; run < runs; run++) {
    // Take turns, and swap who goes first each run.
    for (const tree of run % 2 === 0 ? (['base', 'head'] as const) : (['head', 'base'] as const)) results[tree].push(await bench<CostAnswer>(tree, { type: 'run', run, batch: BATCH }));
    console.log(`run ${run + 1}/${runs} done (load average ${loadavg()[0]!.toFixed(2)})`);
  }
  page.close();
} finally {
  await chrome.stop();
  http.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
}

const summary = (['base', 'head'] as const).map((tree) => {
  const header = median(results[tree].map((r) => r.headerMs));
  const whole = median(results[tree].map((r) => r.wholeMs));
  return { tree, header, whole, total: median(results[tree].map((r) => r.headerMs + r.wholeMs)), perThousand: (median(results[tree].map((r) => r.headerMs + r.wholeMs)) / count) * 1000 };
});
const baseRev = spawnSync('git', ['rev-parse', '--short', base], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const headRev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
console.log(`\n${browserVersion}, dedicated Worker; ${count} generated messages (seed ${MAILBOX_SEED}), batches of ${BATCH}; median of ${runs}; load average ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}\n`);
console.log('| tree | headers ms | whole ms | both ms | ms per 1,000 messages |');
console.log('|---|---:|---:|---:|---:|');
for (const s of summary) console.log(`| ${s.tree} (${s.tree === 'base' ? baseRev : headRev}) | ${s.header.toFixed(0)} | ${s.whole.toFixed(0)} | ${s.total.toFixed(0)} | ${s.perThousand.toFixed(0)} |`);
const [b, h] = summary as [(typeof summary)[0], (typeof summary)[0]];
console.log(`\nthreading adds ${(h.total - b.total).toFixed(0)} ms (${(((h.total - b.total) / b.total) * 100).toFixed(0)}%), ${(((h.total - b.total) / count) * 1000).toFixed(0)} ms per 1,000 messages`);
const out = join(HERE, '..', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-thread-commit-cost.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ base: baseRev, head: headRev, browser: browserVersion, count, runs, batch: BATCH, loadAverage: { before: loadBefore, after: loadavg()[0] }, summary, results }, null, 2) + '\n');
console.log(`wrote ${out}`);
