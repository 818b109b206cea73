/**
 * `npm run bench [-- --quick] [--profiles=a,b] [--runs=N] [--clients=a,b]`
 *
 * One run: Dovecot with the generated mailboxes and the shared corpus, the real bridge
 * (wss), and per profile and client a fresh link emulator; Satchel, mpop and fetchmail are
 * timed through it, their delivered mail is checked by hash against the source, and the
 * medians go to stdout and to tests/bench/results/<timestamp>.json and .md (git-ignored).
 * A run changes no tracked file unless `--cite` makes it one docs/BENCHMARKS.md cites.
 * Not part of `npm test`: a full run takes tens of minutes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './bench-args.ts';
import { MAILBOX_SEED, MAILBOX_SHAPE, startBenchEnvironment } from './bench-environment.ts';
import type { BenchResult, ProfileResult } from './report/bench-result.ts';
import { renderBenchTable } from './report/bench-table.ts';
import { runClient } from './client-runs.ts';
import { probeDiskFlush } from './measurement/disk-flush-probe.ts';
import { formatCpuByPart, sumCpuByPart } from './measurement/process-cpu.ts';
import { removeDeferredFolders } from './deferred-removal.ts';
import { midMessageCutOffset, physicalLimitSeconds } from './measurement/physical-limit.ts';
import { PROFILES, PROFILE_NAMES, rttMs, type BenchProfile } from './profiles.ts';
import { citeRuns } from './report/cite-runs.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');

/** Said plainly in every output: what the Satchel slot was. */
const SATCHEL_MODES = {
  app: 'the app: the built PWA (dist/web) in headless Chromium (Debian package), driven through its UI; sync in its Worker over the browser WebSocket (permessage-deflate) and the resumable tunnel, into Chromium\'s IndexedDB; emulator between Chromium and a bridge in its own Node process (TRANSPORT) whose target is Dovecot\'s implicit-TLS port',
  runsync: "Node: the app's runSync (web/src/lib/sync/engine/run-sync.ts) storing into fake-indexeddb, through the real bridge (wss, permessage-deflate, `ws` standing in for the browser's WebSocket); not yet the app in Chromium",
  pop3: 'Node: shared/pop3 Pop3Session alone through the real bridge (wss, permessage-deflate), headers via pipelined TOP n 0 then bodies newest first, kept in memory (no IndexedDB); not yet the app in Chromium',
} as const;

function appMode(transport: 'wss' | 'ws'): string {
  return SATCHEL_MODES.app.replace('TRANSPORT', transport === 'wss' ? 'https/wss, its own certificate, which Chromium trusts' : 'http/ws, no TLS: --app-plain-ws');
}

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]!.trim();
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '').split('\n').find((line) => /release|version/i.test(line)) ?? 'unknown';
  }
}

/** Newest modification time of any file under dir (node_modules and dist left out). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/web when it is missing or older than web/ or shared/ (npm run build). */
function ensureBuilt(webDir: string): void {
  const index = join(webDir, 'index.html');
  const sources = Math.max(newestMtime(join(repoRoot, 'web')), newestMtime(join(repoRoot, 'shared')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  log('dist/web is missing or older than web/ or shared/: npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2), PROFILE_NAMES);
  const fullCount = args.quick ? 300 : 2000;
  const chosen: BenchProfile[] = args.profiles ? args.profiles.map((name) => PROFILES.find((p) => p.name === name)!) : [...PROFILES];
  const countOf = (profile: BenchProfile): number | 'corpus' => (profile.messages === 'corpus' ? 'corpus' : profile.messages === 'full' ? fullCount : Math.min(300, fullCount));
  const counts = [...new Set(chosen.map(countOf).filter((count): count is number => count !== 'corpus'))];
  const startedAt = new Date().toISOString();
  log(`starting Dovecot with ${counts.length > 0 ? `${counts.join(' and ')} generated messages and ` : ''}the corpus; bridge on wss`);
  const webDir = join(repoRoot, 'dist', 'web');
  if (args.satchel === 'app' && args.clients.includes('satchel')) ensureBuilt(webDir);
  const env = await startBenchEnvironment(counts, { webDir, repoRoot, appTransport: args.appTransport, measureCorpus: chosen.some((profile) => profile.messages === 'corpus') });
  const result: BenchResult = {
    startedAt,
    quick: args.quick,
    runsPerProfile: args.runs,
    satchelMode: args.satchel === 'app' ? appMode(args.appTransport) : SATCHEL_MODES[args.satchel],
    environment: {
      node: process.version,
      mpop: version('/usr/bin/mpop', ['--version']),
      fetchmail: version('/usr/bin/fetchmail', ['--version']),
      dovecot: version('/usr/sbin/dovecot', ['--version']),
      corpusMessages: String(env.corpusCount),
    },
    mailbox: { seed: MAILBOX_SEED, shape: MAILBOX_SHAPE, counts },
    profiles: [],
  };
  try {
    for (const profile of chosen) {
      const mailbox = env.mailbox(countOf(profile));
      const limit = physicalLimitSeconds({ rawDownBytes: mailbox.rawRetrBytes, rttMs: rttMs(profile), bandwidthBitsPerSecond: profile.bandwidthBitsPerSecond });
      let faults: ProfileResult['faults'];
      if (profile.faults) {
        const cut = midMessageCutOffset(mailbox.sizes, profile.faults.cutNearFraction, 1_000_000);
        faults = { stallAtBytes: Math.round(mailbox.rawRetrBytes * profile.faults.stall.atFraction), stallMs: profile.faults.stall.ms, cutMessage: cut.msg, cutAtBytes: cut.offset };
      }
      const entry: ProfileResult = {
        profile: profile.name,
        label: profile.label,
        rttMs: rttMs(profile),
        bandwidthBitsPerSecond: Number.isFinite(profile.bandwidthBitsPerSecond) ? profile.bandwidthBitsPerSecond : null,
        messages: mailbox.messages.length,
        rawMailboxBytes: mailbox.rawRetrBytes,
        physicalLimitSeconds: limit,
        runs: [],
        ...(faults ? { faults } : {}),
      };
      result.profiles.push(entry);
      // fetchmail pays a few round trips per message; give every attempt room for that.
      const timeoutMs = Math.max(600_000, ((limit ?? 0) * 5 + 8 * mailbox.messages.length * (rttMs(profile) / 1000) + 60) * 1000);
      for (let run = 1; run <= args.runs; run++) {
        for (const client of args.clients) {
          if (client === 'fetchmail' && profile.name === 'satellite' && !args.fetchmailSatellite) {
            log(`${profile.name}: fetchmail skipped (about 8 minutes for 300 messages; --fetchmail-satellite runs it)`);
            continue;
          }
          await settle();
          log(`${profile.name} run ${run}/${args.runs}: ${client} (${mailbox.messages.length} messages)`);
          const diskFlushMs = probeDiskFlush();
          await settle();
          const record = { ...(await runClient({ env, profile, mailbox, faults, timeoutMs, satchel: args.satchel }, client)), diskFlushMs };
          entry.runs.push(record);
          const listed = record.listedSeconds === undefined ? '' : `listed ${record.listedSeconds.toFixed(2)} s, `;
          const cpu = record.attempts.reduce((sum, a) => sum + (a.machineCpuSeconds ?? Number.NaN), 0);
          log(`  ${client}: ${listed}done ${record.seconds.toFixed(2)} s, machine CPU ${cpu.toFixed(2)} s, ok=${record.ok}, ${JSON.stringify(record.audit)}, exits ${record.attempts.map((a) => a.exitCode).join(',')}; disk flush probe ${diskFlushMs.toFixed(0)} ms`);
          const parts = sumCpuByPart(record.attempts);
          if (parts) log(`  ${client} CPU by part: ${formatCpuByPart(parts)}`);
          if (record.app?.timeline) log(`  ${client} phases (s from the click): ${JSON.stringify(record.app.timeline)}`);
          if (record.app?.bytesDownDeflated !== undefined) log(`  ${client} bridge → browser: ${(record.app.bytesDownDeflated / 1e6).toFixed(1)} MB deflated, ${((record.app.bytesDownPlain ?? 0) / 1e6).toFixed(1)} MB plain`);
        }
      }
    }
  } finally {
    await env.stop();
    removeDeferredFolders();
  }
  const resultsDir = join(here, 'results');
  await mkdir(resultsDir, { recursive: true });
  const stem = join(resultsDir, `${startedAt.replace(/[:.]/g, '-')}${args.quick ? '-quick' : ''}`);
  const table = renderBenchTable(result);
  await writeFile(`${stem}.json`, JSON.stringify(result, null, 2) + '\n');
  await writeFile(`${stem}.md`, `${table}\n`);
  process.stdout.write(`${table}\n\nJSON: ${relative(repoRoot, stem)}.json (table: .md beside it)\n`);
  if (args.cite) process.stdout.write(`Cited: docs/BENCHMARKS.md shows ${(await citeRuns([`${stem}.json`])).join(', ')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

/**
 * Between client runs: the previous client's writes (Chromium's profile, a maildir; their
 * removal waits for the end of the bench, see deferred-removal.ts) are flushed and given a
 * second, so their writeback does not land in the next client's time. mpop's loopback time
 * still moves with the disk's flush latency (mpop fsyncs every message): the disk flush probe
 * before each run (disk-flush-probe.ts) shows it.
 */
async function settle(): Promise<void> {
  spawnSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
