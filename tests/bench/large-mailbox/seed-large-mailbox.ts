/**
 * Seeds the app's IndexedDB, in a page already at the app's origin, with the large mailbox
 * (generate-mailbox.ts: 10,000 corpus-based messages over two accounts, ~20% unread, plus a
 * 1 MB HTML message).
 *
 * Why in the page with the app's own storage code rather than a real sync against a Dovecot
 * loaded with 10,000 messages: the records come out of the same functions the sync Worker
 * calls (quickMetadata/extractMetadata, commitMessages), so the stores, indexes and body
 * store are those a sync leaves, in ~20-40 s instead of minutes (delivering 10,000 files to
 * a maildir and syncing them over POP3, which the transfer benches already measure). Only
 * the usable corpus files (a few MB) cross to Chromium; the mailbox is generated there.
 *
 * The caller reloads the page afterwards: an app already open does not see rows written
 * behind its back.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { build } from 'vite';
import { loadCorpus } from '../../support/corpus.ts';
import { DEFAULT_MAILBOX, usableBases, type MailboxOptions } from './generate-mailbox.ts';
import type { SeedRequest, SeedSummary } from './seed-in-page.ts';

const SEED_ENTRY = fileURLToPath(new URL('./seed-in-page.ts', import.meta.url));
const BATCH_SIZE = 256;

let bundled: Promise<string> | undefined;

/** seed-in-page.ts and the app code it imports, as one classic script. */
function seedScript(): Promise<string> {
  bundled ??= (async () => {
    const result = await build({
      configFile: false,
      logLevel: 'silent',
      build: { write: false, minify: false, lib: { entry: SEED_ENTRY, formats: ['iife'], name: 'satchelSeed', fileName: () => 'seed.js' } },
    });
    const outputs = Array.isArray(result) ? result : [result];
    for (const output of outputs) {
      if (!('output' in output)) continue;
      const chunk = output.output.find((item) => item.type === 'chunk');
      if (chunk !== undefined && chunk.type === 'chunk') return chunk.code;
    }
    throw new Error('vite produced no chunk for seed-in-page.ts');
  })();
  return bundled;
}

export async function seedLargeMailbox(page: Page, options: MailboxOptions = DEFAULT_MAILBOX): Promise<SeedSummary> {
  const corpus = usableBases(await loadCorpus()).map((m) => ({ name: m.name, base64: Buffer.from(m.bytes).toString('base64') }));
  // Through CDP's evaluate, which the app's Content-Security-Policy does not govern (a <script> would be refused).
  await page.evaluate(await seedScript());
  const request: SeedRequest = { corpus, options, batchSize: BATCH_SIZE };
  return page.evaluate((req) => (globalThis as unknown as { satchelSeedLargeMailbox(r: SeedRequest): Promise<SeedSummary> }).satchelSeedLargeMailbox(req), request);
}
