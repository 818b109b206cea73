/**
 * What the platform alone costs for the loopback bench's mailbox, with no POP3, TLS, Dovecot,
 * bridge, emulator or app: the Worker of a bare page in the bench's Chromium (same flags, a
 * profile on disk, driven over the same bare DevTools client) receives the 2,000 reference
 * messages from this process over a plain WebSocket, in 64 KiB messages as the bridge sends
 * them, and in the second mode also stores them as the app does: each message cut out into its
 * own array, a metadata record and a body record per message, strict transactions of at most
 * 512 messages or 8 MiB, one in flight while the next fills. Two more modes, on request:
 * `receive+store-relaxed`, the same with relaxed durability (what invariant 2's strict
 * transactions cost), and `headers`, which stores only what the listing stage does: a header
 * record and a preview body (the message's `TOP n 8` bytes) per message, in the same batches;
 * `headers-only` without the preview bodies, `headers-inline` with each preview inside its
 * header record (one put per message instead of two).
 *
 * It prints each run's wall time (first byte asked for → last transaction complete) and the
 * CPU time of Chromium's processes and of this one over it. It is the floor under Satchel's
 * loopback time on this machine: mpop's time is what the loopback target is a multiple of.
 *
 *   npx tsx tests/bench/platform-floor.ts [--runs=3] [--modes=receive,receive+store,…]   (default: those two)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { generateMailbox } from '../support/generated-mail.ts';
import { MAILBOX_SEED, MAILBOX_SHAPE } from './bench-environment.ts';
import { CdpPage } from './cdp-page.ts';
import { startChromium } from './chromium-process.ts';
import { median } from './median.ts';

const MESSAGE_BYTES = 64 * 1024;
const option = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const runs = Number(option('runs') ?? 3);
const MODES = ['receive', 'receive+store', 'receive+store-relaxed', 'headers', 'headers-only', 'headers-inline'];
const modes = option('modes')?.split(',') ?? ['receive', 'receive+store'];
for (const mode of modes) if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode}; known: ${MODES.join(', ')}`);
/** Body lines in the app's listing stage (LISTING_PREVIEW_LINES_MAX). */
const PREVIEW_LINES = 8;

const WORKER = `
const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
onmessage = async ({ data: { mode, sizes, previewSizes, url } }) => {
  let db = null;
  if (mode !== 'receive') {
    const open = indexedDB.open('floor-' + Date.now(), 1);
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
  const commit = (batch) => new Promise((resolve, reject) => {
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
  const flush = async () => {
    while (inFlight) await inFlight;
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    if (batch.length > 0) inFlight = commit(batch).finally(() => { inFlight = null; });
  };
  const started = performance.now();
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
      pending.push({ index: message, raw });
      pendingBytes += raw.byteLength;
      pieces = []; filled = 0; message++;
      if (pending.length >= 512 || pendingBytes >= 8 * 1024 * 1024) await flush();
    }
  }
  if (db !== null) { await flush(); while (inFlight) await inFlight; db.close(); }
  ws.close();
  postMessage({ ms: performance.now() - started, received });
};`;

const PAGE = `<!doctype html><title>floor</title><script>
window.runFloor = (mode, sizes, previewSizes, url) => new Promise((resolve, reject) => {
  const worker = new Worker('/floor-worker.js');
  worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
  worker.onerror = (event) => reject(new Error(event.message));
  worker.postMessage({ mode, sizes, previewSizes, url });
});
</script>`;

/** CPU seconds used so far by every Chromium process and by this one. */
function cpuSeconds(): { chromium: number; node: number } {
  const ticks = (stat: string): number => {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  let chromium = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'chromium') chromium += ticks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      // gone between the listing and the read
    }
  }
  return { chromium: chromium / 100, node: ticks(readFileSync('/proc/self/stat', 'utf8')) / 100 };
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
        ([m, s, p, url]: [string, number[], number[], string]) => (window as unknown as { runFloor: (...a: unknown[]) => Promise<{ ms: number }> }).runFloor(m, s, p, url),
        [mode, sizes, previewSizes, `${origin.replace('http', 'ws')}/`],
      );
      const after = cpuSeconds();
      const cpu = after.chromium - before.chromium + (after.node - before.node);
      (results[mode] ??= []).push({ seconds: answer.ms / 1000, cpu });
      console.log(`${mode}: ${(answer.ms / 1000).toFixed(2)} s, ${cpu.toFixed(2)} CPU s (Chromium ${(after.chromium - before.chromium).toFixed(2)}, this process ${(after.node - before.node).toFixed(2)})`);
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
