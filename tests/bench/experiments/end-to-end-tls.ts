/**
 * Side by side: the shared corpus synced by runSync (the sync Worker's engine, in Node) through
 * the real bridge process, with the bridge doing TLS (deflate on) and end to end (the engine
 * doing TLS 1.3 with subtls, deflate off), over the bench's links.
 *
 *   npx tsx tests/bench/experiments/end-to-end-tls.ts [--runs=N]
 *
 * Prints, per link and mode: time until every header is stored (the list is complete), time
 * until every body is stored, bytes on the browser–bridge link (both ways, as sent, so after
 * deflate), and CPU seconds of this process (the engine, fake IndexedDB, TLS when end to end)
 * and of the bridge process. Runs with one mode alternate; the median is shown.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { createTrustStore } from '../../../shared/tls/index.ts';
import { CIPHERTEXT_MAX_FRAME_BYTES, openResumableTunnel } from '../../../shared/tunnel/index.ts';
import { openSyncChannel } from '../../../web/src/lib/sync/engine/open-sync-channel.ts';
import { runSync, type SyncUpdate } from '../../../web/src/lib/sync/engine/run-sync.ts';
import { TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import { startBridgeProcess } from '../../support/bridge-process.ts';
import { loadCorpus } from '../../support/corpus.ts';
import { startDovecot } from '../../support/dovecot-harness.ts';
import { startLinkEmulator } from '../../support/link-emulator.ts';
import { account, freshDb, PASSWORD, settings } from '../../integration/web-sync/run-sync-fixture.ts';
import { PROFILES } from '../profiles.ts';

const runs = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.slice('--runs='.length) ?? 3);
const LINKS = PROFILES.filter((profile) => profile.name === 'loopback' || profile.name === 'corpus-8mbit');

function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const corpus = await loadCorpus();
const dovecot = await startDovecot({ users: [{ user: 'reader', password: PASSWORD, messages: corpus.map((m) => m.bytes) }], extraConfig: 'ssl_min_protocol = TLSv1.3\n' });
const bridge = await startBridgeProcess({
  listen: { host: '127.0.0.1', port: 0 },
  allowedOrigins: [TEST_ORIGIN],
  upstreamCaFile: dovecot.pki.caCertFile,
  targets: [
    { name: 'terminated', label: 'bridge does TLS', host: 'localhost', port: dovecot.pop3sPort, tls: 'implicit', allowLocal: true },
    { name: 'end-to-end', label: 'end to end', host: 'localhost', port: dovecot.pop3sPort, tls: 'implicit', allowLocal: true, endToEnd: true },
  ],
});
const trust = await createTrustStore(readFileSync(dovecot.pki.caCertFile, 'utf8'));
const bridgePid = bridge.child.pid!;

type Mode = 'terminated' | 'end-to-end';
interface Sample { listedMs: number; storedMs: number; wireBytes: number; engineCpu: number; bridgeCpu: number }

async function once(mode: Mode, linkPort: number, link: { bytes(): { up: number; down: number } }): Promise<Sample> {
  const db = await freshDb();
  const acct = { ...account('reader'), targetName: mode, ...(mode === 'end-to-end' ? { endToEndHost: 'localhost' } : {}) };
  const openTunnel = () => openResumableTunnel({
    url: `ws://127.0.0.1:${linkPort}/tunnel`,
    target: mode,
    createWebSocket: (url) => new WebSocket(url, { origin: TEST_ORIGIN, perMessageDeflate: true }),
    handshakeTimeoutMs: 60_000,
    ...(mode === 'end-to-end' ? { maxFrameBytes: CIPHERTEXT_MAX_FRAME_BYTES } : {}),
  });
  const wire0 = link.bytes();
  const cpu0 = process.cpuUsage();
  const bridge0 = cpuSecondsOf(bridgePid);
  const started = performance.now();
  let headers = 0;
  let listedMs = Number.NaN;
  const onUpdate = (update: SyncUpdate): void => {
    if (update.type !== 'stored' || update.state !== 'header') return;
    headers += update.uids.length;
    if (headers >= corpus.length) listedMs = performance.now() - started;
  };
  const summary = await runSync({ openChannel: () => openSyncChannel(acct, openTunnel, async () => trust), db, account: acct, password: PASSWORD, settings: settings(), onUpdate });
  const storedMs = performance.now() - started;
  if (summary.bodiesStored !== corpus.length) throw new Error(`${mode}: stored ${summary.bodiesStored} of ${corpus.length}`);
  const cpu = process.cpuUsage(cpu0);
  const wire1 = link.bytes();
  db.close();
  return { listedMs, storedMs, wireBytes: wire1.up - wire0.up + wire1.down - wire0.down, engineCpu: (cpu.user + cpu.system) / 1e6, bridgeCpu: cpuSecondsOf(bridgePid) - bridge0 };
}

console.log(`corpus: ${corpus.length} messages, ${corpus.reduce((s, m) => s + m.bytes.length, 0)} bytes; ${runs} runs per mode, median`);
console.log('| link | mode | list complete | all stored | wire bytes | engine CPU | bridge CPU |');
console.log('|---|---|---|---|---|---|---|');
try {
  for (const profile of LINKS) {
    const link = await startLinkEmulator({ target: { host: '127.0.0.1', port: bridge.port }, delayMs: profile.delayMs, bandwidthBitsPerSecond: profile.bandwidthBitsPerSecond });
    const samples: Record<Mode, Sample[]> = { terminated: [], 'end-to-end': [] };
    for (let run = 0; run < runs; run += 1) {
      for (const mode of ['terminated', 'end-to-end'] as const) samples[mode].push(await once(mode, link.port, link));
    }
    for (const mode of ['terminated', 'end-to-end'] as const) {
      const pick = (key: keyof Sample) => median(samples[mode].map((s) => s[key]));
      console.log(`| ${profile.label} | ${mode} | ${(pick('listedMs') / 1000).toFixed(2)} s | ${(pick('storedMs') / 1000).toFixed(2)} s | ${(pick('wireBytes') / 1e6).toFixed(2)} MB | ${pick('engineCpu').toFixed(2)} s | ${pick('bridgeCpu').toFixed(2)} s |`);
    }
    await link.close();
  }
} finally {
  await bridge.stop();
  await dovecot.stop();
}
