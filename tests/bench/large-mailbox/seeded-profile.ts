/**
 * A Chromium profile holding the large mailbox, as a returning user's browser holds it: the
 * built app (dist/web) served by a bridge whose one target has no server, its service worker installed and
 * controlling the page, and IndexedDB seeded by seed-large-mailbox.ts. Later launches of the
 * same profile can then start offline.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from '@playwright/test';
import { loadConfig, startBridge, type RunningBridge } from '../../../bridge/index.ts';
import { CHROMIUM_LAUNCH_OPTIONS } from '../../e2e/support/chromium.ts';
import { waitForServiceWorkerControl } from '../../e2e/support/service-worker.ts';
import { DEFAULT_MAILBOX, type MailboxOptions } from './generate-mailbox.ts';
import { seedLargeMailbox } from './seed-large-mailbox.ts';
import type { SeedSummary } from './seed-in-page.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STATIC_DIR = join(REPO_ROOT, 'dist', 'web');
/** The seeded accounts' target: no server listens there (the benches run offline). */
const BENCH_TARGET = { name: 'bench', label: 'No server (offline bench)', host: '127.0.0.1', port: 9, tls: 'implicit', allowLocal: true };

export interface SeededProfile {
  origin: string;
  profileDir: string;
  seed: SeedSummary;
  /** A fresh browser process on the profile (a cold start); offline unless told otherwise. */
  launch(options?: { offline?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function seededProfile(options: MailboxOptions = DEFAULT_MAILBOX): Promise<SeededProfile> {
  if (!existsSync(join(STATIC_DIR, 'index.html'))) throw new Error('dist/web is missing: run `npm run build` first');
  const bridge: RunningBridge = await startBridge(loadConfig({ listen: { host: '127.0.0.1', port: 0 }, targets: [BENCH_TARGET], staticDir: STATIC_DIR }, REPO_ROOT), { log: () => undefined });
  const profileDir = mkdtempSync(join(tmpdir(), 'satchel-large-mailbox-'));
  const launch = async ({ offline = true } = {}) => {
    const context = await chromium.launchPersistentContext(profileDir, { ...CHROMIUM_LAUNCH_OPTIONS, viewport: { width: 1280, height: 800 }, baseURL: bridge.url });
    await context.setOffline(offline);
    return context;
  };
  try {
    const context = await launch({ offline: false });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await waitForServiceWorkerControl(page);
    const seed = await seedLargeMailbox(page, options);
    await context.close();
    return { origin: bridge.url, profileDir, seed, launch, close: () => bridge.close() };
  } catch (error) {
    await bridge.close();
    throw error;
  }
}
