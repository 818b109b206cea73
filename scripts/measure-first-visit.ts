/**
 * What a first visit costs on the wire, measured in Debian's Chromium against the real bridge:
 *   npx tsx scripts/measure-first-visit.ts [staticDir]     (default dist/web; run `npm run build` first)
 * Prints each response the page fetched until its first screen shows and its network is
 * quiet, and the total (encodedDataLength: headers and bodies as sent). The e2e spec 14
 * asserts the same figure against the budget.
 */
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { loadConfig, startBridge } from '../bridge/index.ts';
import { CHROMIUM_LAUNCH_OPTIONS } from '../tests/e2e/support/chromium.ts';
import { WireRecorder } from '../tests/e2e/support/wire-bytes.ts';

const staticDir = resolve(process.argv[2] ?? 'dist/web');
// Not named "demo": the app would add the demo account by itself and start a sync.
const targets = [{ name: 'mail', label: 'Mail', host: 'mail.example.org', port: 995, tls: 'implicit' }];
const bridge = await startBridge(loadConfig({ listen: { port: 0 }, staticDir, targets }, '/'), { log: () => undefined });
const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
try {
  const page = await browser.newPage();
  const recorder = await WireRecorder.start(page);
  // Worker scripts load in their own targets, unseen by the recorder: name them at least.
  page.on('worker', (worker) => console.log(`worker started (its script is not counted): ${new URL(worker.url()).pathname}`));
  await page.goto(`${bridge.url}/`);
  await page.locator('[data-testid="empty-inbox"]').getByText('No accounts yet').waitFor();
  await recorder.settled(2_000);
  for (const r of recorder.responses) console.log(`${String(r.wireBytes).padStart(8)}  ${(r.contentEncoding ?? 'identity').padEnd(8)}  ${new URL(r.url).pathname}`);
  console.log(`first visit: ${recorder.totalBytes.toLocaleString('en-US')} bytes on the wire (${staticDir})`);
} finally {
  await browser.close();
  await bridge.close();
}
