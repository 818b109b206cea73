/**
 * A deployed bridge terminates TLS itself (README, "On its own, terminating TLS"): the user
 * opens Satchel over https, the app installs its service worker, and its sync Worker opens the
 * tunnel as wss to the same origin. The other specs reach the bridge over plain http on
 * loopback; this one takes the path a public bridge serves, TLS in Chromium's network stack and
 * in the bridge, with permessage-deflate inside it, and then reads offline from the cache.
 *
 * The spec runs its own bridge, to serve TLS and to read the bridge's log.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { loadConfig, startBridge, type LogEntry, type RunningBridge } from '../../../bridge/index.ts';
import { createTestPki } from '../../support/test-pki.ts';
import { addAccount, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { expect, test } from '../support/fixtures.ts';
import { serverUidls } from '../support/pop3-probe.ts';
import { messageRows, selectors } from '../support/selectors.ts';
import { waitForServiceWorkerControl } from '../support/service-worker.ts';
import { readBodySizes } from '../support/stored-mail.ts';
import { fetchEverything } from '../support/sync-preferences.ts';
import { launchChromiumTrusting } from '../support/trusted-certificate.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
const TARGET = 'dovecot-behind-https';

let pkiDir: string;
let bridge: RunningBridge;
let browser: Browser;
const bridgeLog: LogEntry[] = [];

test.beforeAll(async ({ e2e }) => {
  pkiDir = await mkdtemp(join(tmpdir(), 'satchel-e2e-https-'));
  const pki = await createTestPki(pkiDir);
  const config = loadConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile },
      upstreamCaFile: e2e.dovecot.caCertFile,
      targets: [{ name: TARGET, label: 'Dovecot behind an https bridge', host: e2e.dovecot.tlsHostname, port: e2e.dovecot.pop3sPort, tls: 'implicit', allowLocal: true }],
      staticDir: join(REPO_ROOT, 'dist', 'web'),
    },
    REPO_ROOT,
  );
  bridge = await startBridge(config, { log: (entry) => bridgeLog.push(entry) });
  browser = await launchChromiumTrusting(await readFile(pki.serverCertFile, 'utf8'));
});

test.afterAll(async () => {
  await browser?.close();
  await bridge?.close();
  if (pkiDir) await rm(pkiDir, { recursive: true, force: true });
});

const events = (name: string) => bridgeLog.filter((entry) => entry.event === name);

test('served over https by the bridge, the app installs, syncs every message whole over wss, and reads the inbox offline', async ({ e2e }) => {
  const secure = e2e.users.secure;
  const serverSet = await serverUidls(e2e, secure);
  expect(serverSet).toHaveLength(secure.messageCount);
  // The certificate names localhost, and a secure context needs the name to match.
  const origin = `https://localhost:${bridge.port}`;
  expect(bridge.url.startsWith('https:'), 'the bridge serves TLS only').toBe(true);

  const context = await browser.newContext();
  try {
    await fetchEverything(context);
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    expect(await page.evaluate(() => isSecureContext)).toBe(true);
    await waitForServiceWorkerControl(page);

    await addAccount(page, { name: 'Behind https', target: TARGET, user: secure });
    await syncNow(page);
    const stored = await waitForStoredMessages(page, secure, secure.messageCount, { complete: true, timeout: 45_000 });
    await expect(page.locator(selectors.syncError)).toHaveCount(0);
    expect(new Set(stored.map((m) => m.uid))).toEqual(new Set(serverSet));
    const sizes = await readBodySizes(page);
    for (const message of stored) expect(sizes.get(`${message.accountId} ${message.uid}`), `${message.uid} whole`).toBe(message.size);

    // The tunnel came from the https page (so over wss: the app asks the origin that served it).
    const accepted = events('tunnel-accepted');
    expect(accepted.length, 'the sync opened a tunnel on this bridge').toBeGreaterThanOrEqual(1);
    for (const entry of accepted) expect(entry.origin).toBe(origin);
    const closed = events('tunnel-closed').filter((entry) => entry.target === TARGET);
    expect(closed.length).toBeGreaterThanOrEqual(1);
    const total = (field: string) => closed.reduce((sum, entry) => sum + Number(entry[field] ?? 0), 0);
    const bodyBytes = stored.reduce((sum, m) => sum + m.size, 0);
    expect(total('bytesDown'), 'every body crossed this bridge').toBeGreaterThan(bodyBytes);
    expect(total('bytesDownDeflated'), 'permessage-deflate ran inside TLS').toBeGreaterThan(0);

    // Offline: the shell from the service worker's cache, the rows from IndexedDB.
    await context.setOffline(true);
    await page.reload();
    await expect(messageRows(page)).toHaveCount(secure.messageCount);
  } finally {
    await context.close();
  }
});
