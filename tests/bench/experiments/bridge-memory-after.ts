/**
 * `npx tsx tests/bench/experiments/bridge-memory-after.ts [--tunnels=2000] [--syncs=10] [--sync-seconds=10] [--rounds=1] [--allocator=unit|glibc]`:
 * where the bridge's resident memory is before, during and after a load (docs/BENCHMARKS.md,
 * "Bridge load test"). Loopback only; not part of `npm test`.
 *
 * The bridge runs as its own process with `--expose-gc --inspect` on loopback, and with the
 * systemd unit's allocator (jemalloc) or glibc's malloc. At each step it prints RSS split by
 * mapping from /proc/PID/smaps ([heap]: glibc's main arena; [anon]: V8's heap, mmapped chunks
 * and the other arenas; [file]: code) and V8's view from process.memoryUsage() read through the
 * inspector: heap used and committed, external memory and ArrayBuffers. Steps: the start (after
 * a forced full collection and 12 s, past jemalloc's 10 s decay); then --rounds times: --tunnels
 * idle tunnels open; after --syncs syncs of --sync-seconds; every tunnel closed; a forced full
 * collection; 12 s later. A second round shows what the first one left for good (code compiled,
 * libraries set up on first use) apart from what each load leaves.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startBridgeProcess } from '../../support/bridge-process.ts';
import { bridgeUnitAllocatorEnvironment } from '../../support/systemd-unit.ts';
import { createTestPki } from '../../support/test-pki.ts';
import { openIdleTunnels } from '../load/idle-tunnels.ts';
import { startLoadUpstream } from '../load/load-upstream.ts';
import { bridgeChannel, runSyncLoad } from '../load/pop3-syncs.ts';
import { runToExit } from './run-to-exit.ts';

const ORIGIN = 'https://load.satchel.test';
const TARGET = 'demo-tls';
const MiB = 2 ** 20;
const { values } = parseArgs({
  options: {
    tunnels: { type: 'string', default: '2000' },
    syncs: { type: 'string', default: '10' },
    'sync-seconds': { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
    allocator: { type: 'string', default: 'unit' },
  },
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Evaluates expressions in the bridge through its inspector (Runtime.evaluate), by value. */
class Inspector {
  readonly #ws: WebSocket;
  #next = 0;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
  }

  static async connect(url: string): Promise<Inspector> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Inspector(ws);
  }

  evaluate<T>(expression: string): Promise<T> {
    const id = ++this.#next;
    return new Promise((resolve) => {
      const onMessage = (data: WebSocket.RawData): void => {
        const reply = JSON.parse(data.toString()) as { id?: number; result?: { result?: { value?: T } } };
        if (reply.id !== id) return;
        this.#ws.off('message', onMessage);
        resolve(reply.result!.result!.value as T);
      };
      this.#ws.on('message', onMessage);
      this.#ws.send(JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true } }));
    });
  }

  close(): void {
    this.#ws.close();
  }
}

/** Resident MiB by kind of mapping: [heap], [anon] (no name), [file] (any path), and the other named ones. */
function residentByMapping(pid: number): Record<string, number> {
  const byName: Record<string, number> = {};
  let name = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      name = head[1] === '' ? '[anon]' : head[1]!.includes('/') ? '[file]' : head[1]!;
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) byName[name] = (byName[name] ?? 0) + Number(rss[1]) / 1024;
  }
  return byName;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-memory-after-'));
  const pki = await createTestPki(join(dir, 'pki'));
  const upstream = await startLoadUpstream(dir, pki);
  const tunnels = Number(values.tunnels);
  const syncs = Number(values.syncs);
  const cap = tunnels + syncs + 16;
  const bridge = await startBridgeProcess({
    allowedOrigins: [ORIGIN],
    upstreamCaFile: pki.caCertFile,
    targets: [{ name: TARGET, label: 'Demo server over TLS', host: 'localhost', port: upstream.port, tls: 'implicit', allowLocal: true }],
    limits: { maxConnections: cap, maxConnectionsPerIp: cap, maxHttpConnections: cap + 64, maxHttpConnectionsPerIp: cap + 64, idleTimeoutMs: 3_600_000 },
  }, { nodeFlags: ['--expose-gc', '--inspect=127.0.0.1:0'], env: values.allocator === 'glibc' ? {} : bridgeUnitAllocatorEnvironment() });
  let inspector: Inspector | null = null;
  try {
    const inspectorUrl = /ws:\/\/127\.0\.0\.1:\d+\/\S+/.exec(bridge.stderr())?.[0];
    if (!inspectorUrl) throw new Error(`no inspector address in the bridge's stderr: ${bridge.stderr()}`);
    inspector = await Inspector.connect(inspectorUrl);
    const report = async (step: string, collect: boolean): Promise<void> => {
      if (collect) {
        await inspector!.evaluate('gc(), gc(), 0');
        await sleep(300);
      }
      const v8 = await inspector!.evaluate<NodeJS.MemoryUsage>('process.memoryUsage()');
      const mappings = Object.entries(residentByMapping(bridge.child.pid!)).filter(([, mib]) => mib >= 1).map(([name, mib]) => `${name} ${mib.toFixed(0)}`);
      console.log(`${step.padEnd(26)} RSS ${(bridge.rssBytes() / MiB).toFixed(0)} MiB (${mappings.join(', ')}); V8 heap used ${(v8.heapUsed / MiB).toFixed(0)}, ` +
        `committed ${(v8.heapTotal / MiB).toFixed(0)}, external ${(v8.external / MiB).toFixed(0)}, ArrayBuffers ${(v8.arrayBuffers / MiB).toFixed(0)} MiB`);
    };
    console.log(`allocator: ${values.allocator}`);
    await report('just started', false);
    await inspector.evaluate('gc(), gc(), 0');
    await sleep(12_000);
    await report('start, at rest', true);
    const tunnelUrl = `${bridge.url.replace(/^http/, 'ws')}/tunnel`;
    let errors = 0;
    for (let round = 1; round <= Number(values.rounds); round++) {
      const idle = await openIdleTunnels(tunnelUrl, ORIGIN, TARGET, tunnels, 200, () => {});
      await sleep(6_000);
      await report(`${round}: ${idle.sockets.length} idle tunnels`, false);
      const load = await runSyncLoad(bridgeChannel(tunnelUrl, ORIGIN, TARGET), syncs, Number(values['sync-seconds']));
      await report(`${round}: after ${syncs} syncs`, false);
      await idle.closeAll();
      const deadline = Date.now() + 60_000;
      while (((await (await fetch(`${bridge.url}/healthz`)).json()) as { connections: number }).connections > 0 && Date.now() < deadline) await sleep(250);
      await sleep(3_000);
      await report(`${round}: all closed`, false);
      await report(`${round}: full collection`, true);
      await sleep(12_000);
      await report(`${round}: 12 s later`, true);
      errors += idle.errors.length + load.errors.length;
    }
    console.log(`errors: ${errors}`);
  } finally {
    inspector?.close();
    await bridge.stop();
    upstream.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

runToExit(main);
