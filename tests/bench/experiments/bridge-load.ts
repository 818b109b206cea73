/**
 * `npx tsx tests/bench/experiments/bridge-load.ts [--tunnels=10000] [--syncs=50] [--sync-seconds=20]
 * [--deflate=off] [--allocator=unit|glibc] [--park=10] [--grace-seconds=15] [--settle-seconds=300] [--max-seconds=1200] [--json=FILE]`: one bridge process under load, on loopback only
 * (docs/BENCHMARKS.md, "Bridge load test"). Not part of `npm test`.
 *
 * 1. Idle tunnels: opens --tunnels resumable tunnels (200 handshakes at a time), each over
 *    verified TLS from the bridge to the demo POP3 server (its own process), logged in and
 *    acked, then idle; reports the bridge's resident memory (from /proc) before, at half and
 *    at full count, and per tunnel.
 * 2. Syncs: with the idle tunnels still open, --syncs concurrent POP3 sessions (in a child
 *    process) fetch the mailbox, pipelined, round after round, for --sync-seconds through the
 *    bridge, while 5 probe sessions (in this process, to a second, otherwise idle server) time
 *    a NOOP every 20 ms; and the same straight to the servers before the bridge starts:
 *    throughput, and the NOOP round trip the bridge adds under that load (p50, p99).
 * 3. After: cuts --park per cent of the idle tunnels without a close frame (the bridge parks
 *    them, and lets them expire after --grace-seconds), closes the rest, and once the bridge
 *    holds no tunnel, parked or not, reads its memory until it is back within 20 % of the start
 *    or --settle-seconds have passed; the peak is the process's VmHWM.
 * The bridge runs with the allocator of deploy/systemd/satchel-bridge.service (its LD_PRELOAD
 * and MALLOC_CONF: jemalloc), or with --allocator=glibc on glibc's malloc.
 * Errors: tunnels refused or closed unasked, sync failures, and the bridge's own error logs,
 * with the connection caps set to what the run needs. The whole run is stopped after --max-seconds.
 *
 * File descriptors: a tunnel costs the bridge two (the browser's socket and the mail
 * server's). The script raises its soft `ulimit -n` to the hard limit (re-running itself under
 * `sh -c 'ulimit -n …'`; the bridge and the server inherit it), and when even the hard limit
 * is too low for --tunnels, it holds as many as fit and says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBridgeProcess, type BridgeProcess } from '../../support/bridge-process.ts';
import { bridgeUnitAllocatorEnvironment } from '../../support/systemd-unit.ts';
import { createTestPki } from '../../support/test-pki.ts';
import { openIdleTunnels, type IdleTunnels } from '../load/idle-tunnels.ts';
import { startLoadUpstream } from '../load/load-upstream.ts';
import { bridgeChannel, directChannel, percentile, runProbes, type ChannelFactory, type ProbeResult, type SyncLoadResult } from '../load/pop3-syncs.ts';
import { runToExit } from './run-to-exit.ts';

const ORIGIN = 'https://load.satchel.test';
const TARGET = 'demo-tls';
const PROBE_TARGET = 'probe-tls';
const PROBES = 5;
/** Descriptors a Node process uses besides its sockets (stdio, epoll, eventfds, pipes, files). */
const FD_OVERHEAD = 64;
/**
 * "Back to baseline": RSS at rest after the load at most this much over RSS at rest before it
 * (START_SETTLE_MS after the bridge listens). The first load leaves V8's heap a few MiB larger
 * for good (code compiled for the tunnel path: bridge-memory-after.ts --rounds=2 shows +4 MiB
 * after the first load and +1 MiB after the second, with forced collections), and V8, collecting
 * on its own schedule, keeps up to about 10 MiB more committed than a forced collection leaves:
 * about 14 MiB over a start of about 72 MiB. What glibc's malloc kept was 3 to 13 times the start.
 */
const BASELINE_MARGIN = 0.2;
/** How long the bridge idles before its RSS is taken as the baseline. */
const START_SETTLE_MS = 30_000;

const { values } = parseArgs({
  options: {
    tunnels: { type: 'string', default: '10000' },
    syncs: { type: 'string', default: '50' },
    'sync-seconds': { type: 'string', default: '20' },
    'max-seconds': { type: 'string', default: '1200' },
    // off: the bridge's compression.enabled false, to see what permessage-deflate costs it.
    deflate: { type: 'string', default: 'on' },
    // unit: the systemd unit's LD_PRELOAD and MALLOC_CONF (jemalloc); glibc: Node's default malloc.
    allocator: { type: 'string', default: 'unit' },
    park: { type: 'string', default: '10' },
    'grace-seconds': { type: 'string', default: '15' },
    'settle-seconds': { type: 'string', default: '300' },
    json: { type: 'string' },
  },
});
const wanted = { tunnels: Number(values.tunnels), syncs: Number(values.syncs), syncSeconds: Number(values['sync-seconds']) };
const graceSeconds = Number(values['grace-seconds']);
const allocatorEnvironment = values.allocator === 'glibc' ? {} : bridgeUnitAllocatorEnvironment();
const MiB = 2 ** 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function openFileLimits(): { soft: number; hard: number } {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'))!;
  const [soft, hard] = line.replace('Max open files', '').trim().split(/\s+/).map((v) => (v === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(v)));
  return { soft: soft!, hard: hard! };
}

/** Re-runs this script with the soft limit at the hard one; returns false when already there. */
function rerunWithRaisedLimit(): boolean {
  const { soft, hard } = openFileLimits();
  if (soft >= hard || process.env.SATCHEL_LOAD_ULIMIT_RAISED === '1') return false;
  console.log(`raising ulimit -n from ${soft} to ${hard} for this run`);
  const result = spawnSync('sh', ['-c', `ulimit -n ${hard} && exec "$@"`, 'sh', process.execPath, ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, SATCHEL_LOAD_ULIMIT_RAISED: '1' },
  });
  process.exit(result.status ?? 1);
}

async function settledRss(bridge: BridgeProcess): Promise<number> {
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 6; i++) {
    await sleep(500);
    lowest = Math.min(lowest, bridge.rssBytes());
  }
  return lowest;
}

function describeSyncs(label: string, result: SyncLoadResult, probes: ProbeResult): string {
  const mbps = result.retrBytes / MiB / result.seconds;
  return `${label.padEnd(22)} ${result.clients} syncs, ${result.seconds.toFixed(1)} s: ${mbps.toFixed(1)} MiB/s (${result.retrs} messages), ` +
    `probe NOOP p50 ${percentile(probes.noopMs, 50).toFixed(2)} ms, p99 ${percentile(probes.noopMs, 99).toFixed(2)} ms (${probes.noopMs.length}), ${result.errors.length + probes.errors.length} errors`;
}

/** Runs the syncs in a child process (`syncArgs` say where to) and the probes here, together. */
async function syncLoad(syncArgs: string[], probe: ChannelFactory): Promise<{ syncs: SyncLoadResult; probes: ProbeResult }> {
  const script = new URL('./bridge-load-syncs.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script, `--clients=${wanted.syncs}`, `--seconds=${wanted.syncSeconds}`, ...syncArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const probes = await runProbes(probe, PROBES, exited);
  await exited;
  return { syncs: JSON.parse(output) as SyncLoadResult, probes };
}

async function healthConnections(bridge: BridgeProcess): Promise<number> {
  const body = (await (await fetch(`${bridge.url}/healthz`)).json()) as { connections: number };
  return body.connections;
}

interface AfterTheLoad {
  /** RSS when it was back within the margin, or at the end of --settle-seconds. */
  rss: number;
  /** Seconds from the bridge holding no tunnel to that reading. */
  seconds: number;
  dropped: number;
  parked: number;
  expired: number;
}

function countLogs(bridge: BridgeProcess, event: string, code?: string): number {
  return bridge.logs.filter((e) => e.event === event && (code === undefined || e.code === code)).length;
}

/** Step 3: cut some idle tunnels, close the rest, wait for the parked ones to expire, then watch RSS come down. */
async function afterTheLoad(bridge: BridgeProcess, idle: IdleTunnels[], idleCount: number, baseline: number): Promise<AfterTheLoad> {
  const parkedBefore = countLogs(bridge, 'tunnel-parked');
  const expiredBefore = countLogs(bridge, 'tunnel-closed', 'TUNNEL_ERR_RESUME_EXPIRED');
  let toDrop = Math.round((idleCount * Number(values.park)) / 100);
  let dropped = 0;
  for (const batch of idle) {
    const cut = batch.drop(toDrop);
    dropped += cut;
    toDrop -= cut;
  }
  const parkDeadline = Date.now() + 30_000;
  while (countLogs(bridge, 'tunnel-parked') - parkedBefore < dropped && Date.now() < parkDeadline) await sleep(250);
  const parked = countLogs(bridge, 'tunnel-parked') - parkedBefore;
  await Promise.all(idle.map((batch) => batch.closeAll()));
  console.log(`cut ${dropped} idle tunnels (the bridge parked ${parked}, for ${graceSeconds} s) and closed the rest`);
  const closeDeadline = Date.now() + graceSeconds * 1000 + 60_000;
  while ((await healthConnections(bridge)) > 0 && Date.now() < closeDeadline) await sleep(250);
  const empty = Date.now();
  const expired = countLogs(bridge, 'tunnel-closed', 'TUNNEL_ERR_RESUME_EXPIRED') - expiredBefore;
  console.log(`the bridge holds ${await healthConnections(bridge)} tunnels; ${expired} parked sessions expired`);
  const settleUntil = empty + Number(values['settle-seconds']) * 1000;
  for (;;) {
    const rss = await settledRss(bridge);
    const seconds = (Date.now() - empty) / 1000;
    console.log(`  ${seconds.toFixed(0).padStart(3)} s after the last tunnel: RSS ${(rss / MiB).toFixed(1)} MiB`);
    if (rss <= baseline * (1 + BASELINE_MARGIN) || Date.now() >= settleUntil) {
      const verdict = rss <= baseline * (1 + BASELINE_MARGIN) ? 'back to baseline' : 'NOT back to baseline';
      console.log(`after the load: RSS ${(rss / MiB).toFixed(1)} MiB, start ${(baseline / MiB).toFixed(1)} MiB: ${verdict} (within ${BASELINE_MARGIN * 100} %)`);
      return { rss, seconds, dropped, parked, expired };
    }
    await sleep(2_000);
  }
}

async function main(): Promise<void> {
  if (rerunWithRaisedLimit()) return;
  const limits = openFileLimits();
  // Each sync and each of the 5 latency probes is a tunnel too.
  const fit = Math.floor((limits.soft - FD_OVERHEAD) / 2) - wanted.syncs - PROBES;
  const tunnels = Math.min(wanted.tunnels, fit);
  if (tunnels < wanted.tunnels) {
    console.log(`ulimit -n is ${limits.soft} (hard ${limits.hard}): the bridge has room for ${tunnels} idle tunnels beside ${wanted.syncs} syncs, not ${wanted.tunnels} (2 descriptors each)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'satchel-load-'));
  const pki = await createTestPki(join(dir, 'pki'));
  const upstream = await startLoadUpstream(dir, pki);
  const probeUpstream = await startLoadUpstream(dir, pki);
  let bridge: BridgeProcess | null = null;
  const idle: IdleTunnels[] = [];
  const watchdog = setTimeout(() => {
    console.error(`gave up after --max-seconds=${values['max-seconds']}`);
    upstream.child.kill('SIGKILL');
    probeUpstream.child.kill('SIGKILL');
    void bridge?.stop().finally(() => process.exit(1));
  }, Number(values['max-seconds']) * 1000);
  try {
    const direct = await syncLoad([`--direct=${upstream.port}`, `--ca=${pki.caCertFile}`], directChannel(probeUpstream.port, pki.caCertPem));
    console.log(describeSyncs('straight to the server', direct.syncs, direct.probes));

    const cap = tunnels + wanted.syncs + PROBES + 16;
    bridge = await startBridgeProcess({
      allowedOrigins: [ORIGIN],
      upstreamCaFile: pki.caCertFile,
      targets: [
        { name: TARGET, label: 'Demo server over TLS', host: 'localhost', port: upstream.port, tls: 'implicit', allowLocal: true },
        { name: PROBE_TARGET, label: 'Idle demo server for the latency probes', host: 'localhost', port: probeUpstream.port, tls: 'implicit', allowLocal: true },
      ],
      ...(values.deflate === 'off' ? { compression: { enabled: false } } : {}),
      limits: {
        maxConnections: cap, maxConnectionsPerIp: cap, maxHttpConnections: cap + 64, maxHttpConnectionsPerIp: cap + 64, idleTimeoutMs: 3_600_000,
        resumeGraceMs: graceSeconds * 1000,
      },
    }, { env: allocatorEnvironment });
    console.log(`bridge allocator: ${values.allocator === 'glibc' ? 'glibc malloc' : Object.entries(allocatorEnvironment).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    const tunnelUrl = `${bridge.url.replace(/^http/, 'ws')}/tunnel`;
    // At rest, as after the load: V8 collects its start-up garbage and the allocator gives it
    // back some 10-20 s after the bridge listens (RSS falls by about 20-40 MiB).
    await sleep(START_SETTLE_MS);
    const baseline = await settledRss(bridge);
    console.log(`bridge RSS at start, ${START_SETTLE_MS / 1000} s after it listens: ${(baseline / MiB).toFixed(1)} MiB`);

    const started = Date.now();
    const first = await openIdleTunnels(tunnelUrl, ORIGIN, TARGET, Math.floor(tunnels / 2), 200, (n) => process.stdout.write(`\ropen idle tunnels: ${n}   `));
    idle.push(first);
    const half = await settledRss(bridge);
    idle.push(await openIdleTunnels(tunnelUrl, ORIGIN, TARGET, tunnels - first.sockets.length, 200, (n) => process.stdout.write(`\ropen idle tunnels: ${first.sockets.length + n}   `)));
    const idleCount = idle.reduce((sum, batch) => sum + batch.sockets.length, 0);
    const openSeconds = (Date.now() - started) / 1000;
    // Past compression.releaseIdleMs (5 s), as an idle tunnel on a real bridge would be.
    await sleep(6_000);
    const full = await settledRss(bridge);
    const open = await healthConnections(bridge);
    console.log(`\n${idleCount} idle tunnels open (bridge says ${open}) in ${openSeconds.toFixed(0)} s: RSS ${(full / MiB).toFixed(1)} MiB, ` +
      `${((full - baseline) / idleCount / 1024).toFixed(1)} KiB per tunnel over the start (${((full - half) / (idleCount - Math.floor(tunnels / 2)) / 1024).toFixed(1)} KiB from half to full)`);

    const viaBridge = await syncLoad([`--tunnel=${tunnelUrl}`, `--origin=${ORIGIN}`, `--target=${TARGET}`], bridgeChannel(tunnelUrl, ORIGIN, PROBE_TARGET));
    console.log(describeSyncs('through the bridge', viaBridge.syncs, viaBridge.probes));
    // How the adaptive compression sent the syncs' bytes (tunnel-closed counts them before compression).
    const closed = bridge.logs.filter((e) => e.event === 'tunnel-closed');
    const sent = { deflated: closed.reduce((sum, e) => sum + Number(e.bytesDownDeflated ?? 0), 0), plain: closed.reduce((sum, e) => sum + Number(e.bytesDownPlain ?? 0), 0) };
    console.log(`the bridge sent the syncs' POP3 bytes ${(sent.deflated / MiB).toFixed(1)} MiB deflated, ${(sent.plain / MiB).toFixed(1)} MiB plain`);
    const peak = bridge.peakRssBytes();
    console.log(`bridge RSS at its peak (VmHWM), during the syncs: ${(peak / MiB).toFixed(1)} MiB`);

    const after = await afterTheLoad(bridge, idle, idleCount, baseline);

    const bridgeErrors = bridge.logs.filter((e) => e.event === 'internal-error' || e.event === 'connection-refused' || e.event === 'tunnel-refused' ||
      (e.event === 'tunnel-closed' && e.code !== null && e.code !== 'TUNNEL_ERR_CLOSED' && e.code !== 'TUNNEL_ERR_RESUME_EXPIRED'));
    const viaErrors = [...viaBridge.syncs.errors, ...viaBridge.probes.errors];
    const idleErrors = idle.flatMap((batch) => batch.errors);
    const errors = {
      idle: idleErrors.length, syncs: viaErrors.length, direct: direct.syncs.errors.length + direct.probes.errors.length, bridgeLog: bridgeErrors.length,
      // Every cut tunnel must have been parked and then expired, no more, no fewer.
      parkedNotExpired: Math.abs(after.parked - after.expired) + Math.abs(after.dropped - after.parked),
    };
    console.log(`errors: ${JSON.stringify(errors)}${[...idleErrors, ...viaErrors].slice(0, 5).map((e) => `\n  ${e}`).join('')}`);
    const report = {
      date: new Date().toISOString(),
      ulimit: limits,
      tunnelsWanted: wanted.tunnels,
      tunnels: idleCount,
      allocator: values.allocator === 'glibc' ? 'glibc' : allocatorEnvironment,
      rssBytes: { start: baseline, half, full, peak, after: after.rss },
      afterSeconds: after.seconds,
      backToBaseline: after.rss <= baseline * (1 + BASELINE_MARGIN),
      parked: { dropped: after.dropped, parked: after.parked, expired: after.expired, graceSeconds },
      perTunnelBytes: Math.round((full - baseline) / idleCount),
      direct: { ...direct.syncs, probes: direct.probes.noopMs.length, p50: percentile(direct.probes.noopMs, 50), p99: percentile(direct.probes.noopMs, 99) },
      viaBridge: { ...viaBridge.syncs, probes: viaBridge.probes.noopMs.length, p50: percentile(viaBridge.probes.noopMs, 50), p99: percentile(viaBridge.probes.noopMs, 99) },
      downstreamBytes: sent,
      addedP99Ms: percentile(viaBridge.probes.noopMs, 99) - percentile(direct.probes.noopMs, 99),
      errors,
    };
    console.log(`added NOOP latency through the bridge: p50 ${(report.viaBridge.p50 - report.direct.p50).toFixed(2)} ms, p99 ${report.addedP99Ms.toFixed(2)} ms`);
    if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
  } finally {
    clearTimeout(watchdog);
    for (const ws of idle.flatMap((batch) => batch.sockets)) ws.terminate();
    await bridge?.stop();
    upstream.child.kill('SIGTERM');
    probeUpstream.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

runToExit(main);
