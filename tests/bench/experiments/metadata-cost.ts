/**
 * What the fast metadata scanner (web/src/lib/message/quick-metadata.ts) saves over postal-mime,
 * measured where the sync reads metadata: in a dedicated Worker of the bench's Chromium (same
 * binary, flags and bare DevTools client as the app bench), running the app's own modules
 * (bundled with esbuild, minified as the build is). Variants over each message set:
 * `quick+postal` (fetch-messages.ts's toCommit: quickMetadata, else extractMetadata), `postal`
 * (extractMetadata alone) and `quick` (quickMetadata alone, for its cost on what it refuses),
 * in turn, after one warm-up each; medians of --runs. Sets:
 * - the shared corpus (tests/support/corpus.ts), whole, as `TOP n 0` answers (the header
 *   block and its blank line) and as `TOP n 8` answers (the listing stage's, with the default
 *   preview setting); and its spamassassin/ folder (real senders' spam and ham) on its own;
 * - the generated reference mailbox (the bench's, seed 4; --reference=N messages, 0 to skip),
 *   whole and as `TOP n 8` answers: one loopback sync reads each message both ways.
 * It also reads every message both ways once, untimed, and counts where the two differ on the
 * messages quickMetadata answers. Prints a table; writes JSON to tests/bench/results/.
 *
 *   npx tsx tests/bench/experiments/metadata-cost.ts [--runs=5] [--reference=2000]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../../support/corpus.ts';
import { generateMailbox } from '../../support/generated-mail.ts';
import { MAILBOX_SEED } from '../bench-environment.ts';
import { CdpPage } from '../clients/cdp-page.ts';
import { startChromium } from '../clients/chromium-process.ts';
import { median } from '../report/median.ts';
import type { CompareAnswer, RunAnswer, Variant } from './metadata-cost-worker.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..', '..');
const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const runs = Number(option('runs') ?? 5);
const referenceCount = Number(option('reference') ?? 2000);
const VARIANTS: Variant[] = ['quick+postal', 'postal', 'quick'];
/** Body lines of the listing stage's TOP (LISTING_PREVIEW_LINES_MAX, the default setting). */
const PREVIEW_LINES = 8;

/** What `TOP n lines` answers for a message: its header block, the blank line, then `lines` body lines. */
function topAnswer(raw: Uint8Array, lines: number): Uint8Array {
  let at = -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x0a) continue;
    if (raw[i + 1] === 0x0a) at = i + 2;
    else if (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a) at = i + 3;
    if (at >= 0) break;
  }
  if (at < 0) return raw; // no body: the answer is the whole message
  for (let line = 0; line < lines && at < raw.length; line++) {
    const end = raw.indexOf(0x0a, at);
    at = end < 0 ? raw.length : end + 1;
  }
  return raw.subarray(0, at);
}

const corpusFiles = await loadCorpus();
const corpus = corpusFiles.map((m) => m.bytes);
const realSenders = corpusFiles.filter((m) => m.name.startsWith('spamassassin/')).map((m) => m.bytes);
const reference = referenceCount > 0 ? generateMailbox({ count: referenceCount, seed: MAILBOX_SEED, shape: 'reference' }) : [];
const SETS: Record<string, Uint8Array[]> = {
  'corpus, whole': corpus,
  'corpus, TOP n 0': corpus.map((m) => topAnswer(m, 0)),
  [`corpus, TOP n ${PREVIEW_LINES}`]: corpus.map((m) => topAnswer(m, PREVIEW_LINES)),
  'corpus spamassassin/, whole': realSenders,
  [`corpus spamassassin/, TOP n ${PREVIEW_LINES}`]: realSenders.map((m) => topAnswer(m, PREVIEW_LINES)),
  ...(reference.length === 0
    ? {}
    : { [`reference ${reference.length}, whole`]: reference, [`reference ${reference.length}, TOP n ${PREVIEW_LINES}`]: reference.map((m) => topAnswer(m, PREVIEW_LINES)) }),
};
const bodies = Object.values(SETS).map((messages) => Buffer.concat(messages));

const temp = mkdtempSync(join(tmpdir(), 'satchel-metadata-cost-'));
const esbuild = spawnSync(
  join(ROOT, 'node_modules/.bin/esbuild'),
  [join(HERE, 'metadata-cost-worker.ts'), '--bundle', '--format=esm', '--platform=browser', '--target=es2022', '--minify', `--outfile=${join(temp, 'worker.js')}`, '--log-level=warning'],
  { encoding: 'utf8' },
);
if (esbuild.status !== 0) throw new Error(`esbuild failed: ${esbuild.stderr}`);
const workerJs = readFileSync(join(temp, 'worker.js'));

const PAGE = `<!doctype html><title>metadata cost</title><script>
const worker = new Worker('/worker.js', { type: 'module' });
const pending = new Map();
let nextId = 1;
worker.onmessage = ({ data }) => { const p = pending.get(data.id); pending.delete(data.id); data.error ? p.reject(new Error(data.error)) : p.resolve(data.result); };
worker.onerror = (event) => { for (const p of pending.values()) p.reject(new Error(event.message)); pending.clear(); };
window.bench = (request) => new Promise((resolve, reject) => { const id = nextId++; pending.set(id, { resolve, reject }); worker.postMessage({ ...request, id }); });
</script>`;

// Cross-origin isolated, so the Worker's performance.now() is fine-grained (5 µs, not 100 µs).
const http = createServer((request, response) => {
  const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const set = /^\/set\/(\d+)$/.exec(request.url ?? '');
  if (request.url === '/worker.js') response.writeHead(200, { ...isolation, 'content-type': 'text/javascript' }).end(workerJs);
  else if (set !== null) response.writeHead(200, { ...isolation, 'content-type': 'application/octet-stream' }).end(bodies[Number(set[1])]);
  else response.writeHead(200, { ...isolation, 'content-type': 'text/html' }).end(PAGE);
});
await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

interface SetResult {
  messages: number;
  bytes: number;
  handled: number;
  compare: CompareAnswer;
  runs: Record<Variant, RunAnswer[]>;
}

const profile = mkdtempSync(join(tmpdir(), 'satchel-metadata-cost-profile-'));
const chrome = await startChromium(profile);
const results: Record<string, SetResult> = {};
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
  const bench = async <T>(request: Record<string, unknown>): Promise<T> => {
    const answer = (await page.send('Runtime.evaluate', { expression: `window.bench(${JSON.stringify(request)})`, awaitPromise: true, returnByValue: true }, 600_000)) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (answer.exceptionDetails) throw new Error(answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text);
    return answer.result.value as T;
  };
  if (!(await page.send('Runtime.evaluate', { expression: 'crossOriginIsolated', returnByValue: true }) as { result: { value: boolean } }).result.value) {
    console.warn('page is not cross-origin isolated: timers are coarse (100 µs)');
  }
  for (const [index, [name, messages]] of Object.entries(SETS).entries()) {
    const { handled } = await bench<{ handled: number }>({ type: 'load', name, url: `/set/${index}`, sizes: messages.map((m) => m.byteLength) });
    const compare = await bench<CompareAnswer>({ type: 'compare', set: name });
    results[name] = { messages: messages.length, bytes: bodies[index]!.byteLength, handled, compare, runs: { 'quick+postal': [], postal: [], quick: [] } };
    for (const variant of VARIANTS) await bench<RunAnswer>({ type: 'run', set: name, variant }); // warm-up
    console.log(`${name}: ${messages.length} messages, ${(bodies[index]!.byteLength / 1e6).toFixed(1)} MB; quick answers ${handled}, ${compare.differing} differ from postal-mime`);
  }
  for (let run = 0; run < runs; run++) {
    for (const name of Object.keys(SETS)) {
      // Rotate which goes first, so none always runs after another's garbage.
      for (const variant of [...VARIANTS.slice(run % VARIANTS.length), ...VARIANTS.slice(0, run % VARIANTS.length)]) {
        const answer = await bench<RunAnswer>({ type: 'run', set: name, variant });
        results[name]!.runs[variant].push(answer);
      }
    }
    console.log(`run ${run + 1}/${runs} done (load average ${loadavg()[0]!.toFixed(2)})`);
  }
  page.close();
} finally {
  await chrome.stop();
  http.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
}

const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const summary = Object.entries(results).map(([name, set]) => {
  const medianOf = (variant: Variant, pick: (r: RunAnswer) => number): number => median(set.runs[variant].map(pick));
  const quickTotal = medianOf('quick+postal', (r) => r.totalMs);
  const postalTotal = medianOf('postal', (r) => r.totalMs);
  const handledPostalMs = medianOf('postal', (r) => r.handledMs);
  const quickOnlyHandledMs = medianOf('quick', (r) => r.handledMs);
  const quickOnlyRefusedMs = medianOf('quick', (r) => r.restMs);
  return {
    set: name,
    messages: set.messages,
    megabytes: Number((set.bytes / 1e6).toFixed(2)),
    quickHandled: set.handled,
    quickShare: set.handled / set.messages,
    differing: set.compare.differing,
    quickPlusPostalMs: quickTotal,
    postalMs: postalTotal,
    quickPlusPostalMsPerMessage: quickTotal / set.messages,
    postalMsPerMessage: postalTotal / set.messages,
    saved: 1 - quickTotal / postalTotal,
    /**
     * The same from the split times, steadier on a loaded machine (the refused messages'
     * postal-mime time, most of a corpus run, cancels out): what postal-mime spends on quick's
     * messages, less quick's time on them and on the messages it refuses, over postal's total.
     */
    savedFromSplit: (handledPostalMs - quickOnlyHandledMs - quickOnlyRefusedMs) / postalTotal,
    /** On the messages quick answers: quick's time and postal-mime's for the same messages. */
    handledQuickMs: medianOf('quick+postal', (r) => r.handledMs),
    handledPostalMs,
    restQuickPlusPostalMs: medianOf('quick+postal', (r) => r.restMs),
    restPostalMs: medianOf('postal', (r) => r.restMs),
    /** quickMetadata alone: on the messages it answers, and on those it refuses (its overhead there). */
    quickOnlyHandledMs,
    quickOnlyRefusedMs,
    quickRange: [Math.min(...set.runs['quick+postal'].map((r) => r.totalMs)), Math.max(...set.runs['quick+postal'].map((r) => r.totalMs))],
    postalRange: [Math.min(...set.runs.postal.map((r) => r.totalMs)), Math.max(...set.runs.postal.map((r) => r.totalMs))],
  };
});

console.log(`\n${browserVersion}, dedicated Worker; median of ${runs} runs each; load average ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}\n`);
console.log('| set | messages | MB | quick answers | quick ≠ postal | quick+postal ms | postal ms | ms/msg quick+postal | ms/msg postal | saved | saved, from split | on quick\'s messages: quick ms / postal ms | quick on what it refuses ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const s of summary) {
  console.log(
    `| ${s.set} | ${s.messages} | ${s.megabytes.toFixed(1)} | ${s.quickHandled} (${(s.quickShare * 100).toFixed(0)}%) | ${s.differing} | ${ms(s.quickPlusPostalMs)} | ${ms(s.postalMs)} | ${s.quickPlusPostalMsPerMessage.toFixed(3)} | ${s.postalMsPerMessage.toFixed(3)} | ${(s.saved * 100).toFixed(0)}% | ${(s.savedFromSplit * 100).toFixed(0)}% | ${ms(s.handledQuickMs)} / ${ms(s.handledPostalMs)} | ${ms(s.quickOnlyRefusedMs)} |`,
  );
}
for (const [name, set] of Object.entries(results)) {
  for (const example of set.compare.examples.slice(0, 3)) console.log(`differs: ${name} #${example.index} ${example.field}: quick ${JSON.stringify(example.quick)} postal ${JSON.stringify(example.postal)}`);
  if (Object.keys(set.compare.postalIssues).length > 0) console.log(`${name}: postal-mime metadataIssue ${JSON.stringify(set.compare.postalIssues)}`);
}

const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const out = join(HERE, '..', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-metadata-cost.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ commit, browser: browserVersion, runs, loadAverage: { before: loadBefore, after: loadavg()[0] }, summary, results }, null, 2) + '\n');
console.log(`\nwrote ${out}`);
