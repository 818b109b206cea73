/**
 * What the platform alone costs for the loopback bench's mailbox, with no POP3, TLS, Dovecot,
 * bridge, emulator or app: the Worker of a bare page in the bench's Chromium (same flags, a
 * profile on disk, driven over the same bare DevTools client) receives the 2,000 reference
 * messages from this process over a plain WebSocket, in 64 KiB messages as the bridge sends
 * them, and in the second mode also stores them as the app does: each message cut out into its
 * own array, a metadata record and a body record per message, strict transactions of at most
 * 512 messages or 8 MiB, one in flight while the next fills. Two more modes, on request:
 * `receive+store-relaxed`, the same with relaxed durability (what DESIGN.md invariant 2's strict
 * transactions cost), and `headers`, which stores only what the listing stage does: a header
 * record and a preview body (the message's `TOP n 8` bytes) per message, in the same batches;
 * `headers-only` without the preview bodies, `headers-inline` with each preview inside its
 * header record (one put per message instead of two). `app` does the app's own IndexedDB
 * sequence with the app's own records (metadata from web/src/lib/sync, computed here
 * beforehand): the listing stage's header records, each with its `TOP n 8` preview inside, in
 * the app's batches (50, then 512 at a time), then, as the bytes arrive, for each batch of whole
 * messages a read of each record and a write of the merged record and of the body. It is what
 * Chromium costs the app with no POP3, TLS, bridge, server or parsing. Its parts, one left out
 * each: `app-no-read` (no read before the writes), `app-no-listing` (no header records first),
 * `app-no-rewrite` (the body stage writes only the body, not the record again).
 *
 * It prints each run's wall time (first byte asked for → last transaction complete) and the
 * CPU time of Chromium's processes and of this one over it. It is the floor under Satchel's
 * loopback time on this machine: mpop's time is what the loopback target is a multiple of.
 *
 *   npx tsx tests/bench/experiments/platform-floor.ts [--runs=3] [--modes=receive,receive+store,…]   (default: those two)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { generateMailbox } from '../../support/generated-mail.ts';
import { extractMetadata, type MessageMetadata } from '../../../web/src/lib/message/message-metadata.ts';
import { quickMetadata } from '../../../web/src/lib/message/quick-metadata.ts';
import { MAILBOX_SEED, MAILBOX_SHAPE } from '../bench-environment.ts';
import { CdpPage } from '../clients/cdp-page.ts';
import { startChromium } from '../clients/chromium-process.ts';
import { median } from '../report/median.ts';

const MESSAGE_BYTES = 64 * 1024;
const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const runs = Number(option('runs') ?? 3);
const MODES = ['receive', 'receive+store', 'receive+store-relaxed', 'headers', 'headers-only', 'headers-inline', 'app', 'app-no-read', 'app-no-listing', 'app-no-rewrite'];
const modes = option('modes')?.split(',') ?? ['receive', 'receive+store'];
for (const mode of modes) if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode}; known: ${MODES.join(', ')}`);
/** Body lines in the app's listing stage (LISTING_PREVIEW_LINES_MAX). */
const PREVIEW_LINES = 8;

const WORKER = `
const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
onmessage = async ({ data: { mode, sizes, previewSizes, url, app } }) => {
  let db = null;
  const database = 'floor-' + Date.now();
  if (mode !== 'receive') {
    const open = indexedDB.open(database, 1);
    open.onupgradeneeded = () => {
      const messages = open.result.createObjectStore('messages', { keyPath: ['accountId', 'uid'] });
      messages.createIndex('by-date', 'date');
      messages.createIndex('by-account-date', ['accountId', 'date']);
      open.result.createObjectStore('message-bodies', { keyPath: ['accountId', 'uid'] });
    };
    db = await request(open);
  }
  const total = sizes.reduce((sum, size) => sum + size, 0);
  let pending = [], pendingBytes = 0, inFlight = null, message = 0, filled = 0, pieces = [], received = 0;
  const app_ = mode.startsWith('app');
  const commit = (batch) => app_ ? commitApp(batch) : new Promise((resolve, reject) => {
    const tx = db.transaction(['messages', 'message-bodies'], 'readwrite', { durability: mode === 'receive+store-relaxed' ? 'relaxed' : 'strict' });
    for (const { index, raw } of batch) {
      const record = { accountId: 'floor', uid: 'u' + index, date: index, size: sizes[index], subject: 'Subject ' + index, snippet: 'x'.repeat(160), state: mode.startsWith('headers') ? 'header' : 'complete' };
      if (mode === 'headers-inline') record.preview = raw;
      tx.objectStore('messages').put(record);
      if (mode !== 'headers-only' && mode !== 'headers-inline') tx.objectStore('message-bodies').put({ accountId: 'floor', uid: 'u' + index, raw });
    }
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
  // The app's commitMessages: every read at once, then every write (storage/commit-messages.ts).
  const record = (index, meta, state) => ({ accountId: 'floor', uid: 'u' + index, ...meta, size: sizes[index], flags: { seen: false }, state, storedAt: Date.now(), deletedLocally: false });
  const commitApp = (batch) => new Promise((resolve, reject) => {
    const tx = db.transaction(['messages', 'message-bodies'], 'readwrite', { durability: 'strict' });
    const messages = tx.objectStore('messages'), bodies = tx.objectStore('message-bodies');
    const write = (reads) => batch.forEach(({ index, raw }, i) => {
      const merged = record(index, app.whole[index], 'complete');
      if (reads?.[i].result) merged.flags = { seen: reads[i].result.flags.seen };
      if (mode !== 'app-no-rewrite') messages.put(merged);
      bodies.put({ accountId: 'floor', uid: 'u' + index, raw });
    });
    if (mode === 'app-no-read') write(null);
    else {
      const reads = batch.map(({ index }) => messages.get(['floor', 'u' + index]));
      reads[reads.length - 1].onsuccess = () => write(reads);
    }
    tx.oncomplete = resolve;
    tx.onabort = () => reject(tx.error);
  });
  const listingStage = async () => {
    const previews = app.previews.map((b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    return async () => {
      for (let start = 0; start < sizes.length; start = start === 0 ? 50 : start + 512) {
        const end = start === 0 ? 50 : Math.min(sizes.length, start + 512);
        await new Promise((resolve, reject) => {
          const tx = db.transaction(['messages', 'message-bodies'], 'readwrite', { durability: 'strict' });
          for (let index = start; index < end; index++) tx.objectStore('messages').put({ ...record(index, app.headers[index], 'header'), preview: previews[index] });
          tx.oncomplete = resolve;
          tx.onabort = () => reject(tx.error);
        });
      }
    };
  };
  const writeHeaders = app_ && mode !== 'app-no-listing' ? await listingStage() : null;
  const flush = async () => {
    while (inFlight) await inFlight;
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    if (batch.length > 0) inFlight = commit(batch).finally(() => { inFlight = null; });
  };
  const started = performance.now();
  if (writeHeaders) await writeHeaders();
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const queue = [];
  let wake = null;
  ws.onmessage = (event) => { queue.push(new Uint8Array(event.data)); wake?.(); };
  while (received < total) {
    if (queue.length === 0) await new Promise((resolve) => (wake = resolve));
    wake = null;
    const chunk = queue.shift();
    received += chunk.byteLength;
    if (db === null) continue;
    for (let at = 0; at < chunk.byteLength; ) {
      const take = Math.min(sizes[message] - filled, chunk.byteLength - at);
      pieces.push(chunk.subarray(at, at + take));
      filled += take;
      at += take;
      if (filled < sizes[message]) continue;
      const whole = new Uint8Array(filled);
      let offset = 0;
      for (const piece of pieces) { whole.set(piece, offset); offset += piece.byteLength; }
      const raw = mode.startsWith('headers') ? whole.slice(0, previewSizes[message]) : whole;
      // The app's batches (run-sync.ts BATCH_MESSAGES, BatchCommitter's 8 MiB) are these too.
      pending.push({ index: message, raw });
      pendingBytes += raw.byteLength;
      pieces = []; filled = 0; message++;
      if (pending.length >= 512 || pendingBytes >= 8 * 1024 * 1024) await flush();
    }
  }
  if (db !== null) { await flush(); while (inFlight) await inFlight; db.close(); }
  ws.close();
  postMessage({ ms: performance.now() - started, received, database });
};`;

const PAGE = `<!doctype html><title>floor</title><script>
window.runFloor = (mode, sizes, previewSizes, url, app) => new Promise((resolve, reject) => {
  const worker = new Worker('/floor-worker.js');
  worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
  worker.onerror = (event) => reject(new Error(event.message));
  worker.postMessage({ mode, sizes, previewSizes, url, app });
});
</script>`;

/** CPU seconds used so far by Chromium's processes, by kind, and by this one. */
function cpuSeconds(): { chromium: number; browser: number; renderer: number; network: number; node: number } {
  const ticks = (stat: string): number => {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const kinds = { browser: 0, renderer: 0, network: 0, other: 0 };
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'chromium') continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const kind = !command.includes('--type=') ? 'browser' : command.includes('--type=renderer') ? 'renderer' : command.includes('network.mojom') ? 'network' : 'other';
      kinds[kind] += ticks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      // gone between the listing and the read
    }
  }
  const chromium = kinds.browser + kinds.renderer + kinds.network + kinds.other;
  return { chromium: chromium / 100, browser: kinds.browser / 100, renderer: kinds.renderer / 100, network: kinds.network / 100, node: ticks(readFileSync('/proc/self/stat', 'utf8')) / 100 };
}

const messages = generateMailbox({ count: 2000, seed: MAILBOX_SEED, shape: MAILBOX_SHAPE });
const sizes = messages.map((m) => m.byteLength);
/** What `TOP n 8` returns of each message: its header block, the blank line and 8 body lines. */
const previewSizes = messages.map((m) => {
  let at = Buffer.from(m.buffer, m.byteOffset, m.byteLength).indexOf('\r\n\r\n') + 4;
  for (let line = 0; line < PREVIEW_LINES && at < m.byteLength; line++) {
    const end = m.indexOf(0x0a, at);
    at = end < 0 ? m.byteLength : end + 1;
  }
  return at;
});
const mailbox = Buffer.concat(messages);
/** For `app`: each message's metadata as the listing stage reads it from the preview and as the body stage reads it from the whole message. */
async function appRecords(): Promise<{ headers: MessageMetadata[]; whole: MessageMetadata[]; previews: string[] }> {
  const metadata = async (raw: Uint8Array) => quickMetadata(raw, 0) ?? (await extractMetadata(raw, { fallbackDate: 0 }));
  const headers: MessageMetadata[] = [];
  const whole: MessageMetadata[] = [];
  const previews: string[] = [];
  for (const [index, message] of messages.entries()) {
    const preview = message.subarray(0, previewSizes[index]);
    headers.push(await metadata(preview));
    whole.push(await metadata(message));
    previews.push(Buffer.from(preview).toString('base64'));
  }
  return { headers, whole, previews };
}
const app = modes.some((mode) => mode.startsWith('app')) ? await appRecords() : null;

const http = createServer((request, response) => {
  const body = request.url === '/floor-worker.js' ? WORKER : PAGE;
  response.writeHead(200, { 'content-type': request.url === '/floor-worker.js' ? 'text/javascript' : 'text/html' });
  response.end(body);
});
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
wss.on('connection', (ws) => {
  let offset = 0;
  const pump = (): void => {
    while (offset < mailbox.byteLength) {
      ws.send(mailbox.subarray(offset, offset + MESSAGE_BYTES));
      offset += MESSAGE_BYTES;
      if (ws.bufferedAmount > 4 * 1024 * 1024) return void setTimeout(pump, 1);
    }
  };
  pump();
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
const profile = mkdtempSync(join(tmpdir(), 'satchel-floor-'));
const chrome = await startChromium(profile);
try {
  const blank = await CdpPage.connect(chrome.endpoint, 'about:blank');
  await blank.send('Page.navigate', { url: `${origin}/` });
  blank.close();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const page = await CdpPage.connect(chrome.endpoint, origin);
  const results: Record<string, Array<{ seconds: number; cpu: number }>> = {};
  for (let run = 0; run < runs; run++) {
    for (const mode of modes) {
      const before = cpuSeconds();
      const answer = await page.evaluate(
        ([m, s, p, url, a]: [string, number[], number[], string, unknown]) => (window as unknown as { runFloor: (...a: unknown[]) => Promise<{ ms: number; database: string }> }).runFloor(m, s, p, url, a),
        [mode, sizes, previewSizes, `${origin.replace('http', 'ws')}/`, mode.startsWith('app') ? app : null],
      );
      const after = cpuSeconds();
      // Each run's database goes before the next starts: LevelDB compacting the earlier ones
      // in the background was in every later run's CPU (the browser's grew run after run).
      await page.evaluate((name: string) => new Promise((resolve) => {
        const deletion = indexedDB.deleteDatabase(name);
        deletion.onsuccess = deletion.onerror = () => resolve(null);
      }), answer.database);
      spawnSync('sync');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const cpu = after.chromium - before.chromium + (after.node - before.node);
      (results[mode] ??= []).push({ seconds: answer.ms / 1000, cpu });
      const used = (kind: 'chromium' | 'browser' | 'renderer' | 'network' | 'node') => (after[kind] - before[kind]).toFixed(2);
      console.log(`${mode}: ${(answer.ms / 1000).toFixed(2)} s, ${cpu.toFixed(2)} CPU s (Chromium ${used('chromium')}: browser ${used('browser')}, renderer ${used('renderer')}, network service ${used('network')}; this process ${used('node')})`);
    }
  }
  console.log(`\n${(mailbox.byteLength / 1e6).toFixed(1)} MB in ${sizes.length} messages, median of ${runs}:`);
  for (const [mode, list] of Object.entries(results)) {
    console.log(`| ${mode} | ${median(list.map((r) => r.seconds)).toFixed(2)} s | ${median(list.map((r) => r.cpu)).toFixed(2)} CPU s |`);
  }
  page.close();
} finally {
  await chrome.stop();
  wss.close();
  http.close();
  rmSync(profile, { recursive: true, force: true });
}
