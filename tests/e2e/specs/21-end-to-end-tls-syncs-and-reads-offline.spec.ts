/**
 * An end-to-end target in Chromium: a bridge that relays ciphertext only, the sync Worker doing
 * TLS 1.3 with Dovecot itself (subtls on SubtleCrypto). The account says the bridge cannot read
 * the mail; the sync stores the mail, and the user reads it offline.
 *
 * The app here is a build of its own, made in TEST_ROOTS_MODE with the harness CA added to the
 * shipped roots (web/build/trust-roots-plugin.ts): the only way a root is ever added, and never
 * the build in dist/web that the bridge serves to users.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, startBridge, type RunningBridge } from '../../../bridge/index.ts';
import { loadCorpus } from '../../support/corpus.ts';
import { TEST_ROOTS_MODE } from '../../../web/build/trust-roots-plugin.ts';
import { fillAccountForm, openMessage, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { axeFindings } from '../support/axe-findings.ts';
import { inEveryLook } from '../support/every-look.ts';
import { expect, test } from '../support/fixtures.ts';
import { serverUidls } from '../support/pop3-probe.ts';
import { selectors } from '../support/selectors.ts';
import { waitForServiceWorkerControl } from '../support/service-worker.ts';
import { travellerExpectations } from '../support/traveller-mail.ts';

const run = promisify(execFile);
const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
const TARGET = 'dovecot-e2e';

let dir: string;
let bridge: RunningBridge;

test.beforeAll(async ({ e2e }) => {
  test.setTimeout(240_000);
  dir = await mkdtemp(join(tmpdir(), 'satchel-e2e-tls-'));
  const outDir = join(dir, 'web');
  await run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--mode', TEST_ROOTS_MODE, '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    env: { ...process.env, SATCHEL_TEST_TRUST_ROOTS_FILE: e2e.dovecot.caCertFile },
  });
  const config = loadConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      targets: [{ name: TARGET, label: 'Dovecot, end to end', host: e2e.dovecot.tlsHostname, port: e2e.dovecot.pop3sPort, tls: 'implicit', allowLocal: true, endToEnd: true }],
      staticDir: outDir,
    },
    REPO_ROOT,
  );
  bridge = await startBridge(config, { log: () => undefined });
});

test.afterAll(async () => {
  await bridge?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('an end-to-end account says its bridge cannot read the mail, syncs through TLS in the Worker, and reads offline', async ({ page, context, e2e }) => {
  const corpus = await loadCorpus();
  const byName = (name: string) => corpus.find((message) => message.name === name)!;
  const plain = await travellerExpectations(byName(e2e.travellerMail.plain));
  const uids = await serverUidls(e2e, e2e.users.traveller);

  await page.goto(bridge.url);
  await waitForServiceWorkerControl(page);
  await fillAccountForm(page, { name: 'Private', target: TARGET, user: e2e.users.traveller });
  await expect(page.getByTestId('account-privacy')).toHaveText(/^Encrypted end to end: Satchel checks localhost's certificate itself, and the bridge passes on your password and mail without being able to read them\.$/);
  await expect(page.locator(selectors.accountTarget)).toContainText('(end-to-end encrypted)');
  expect(await inEveryLook(page, (look) => axeFindings(page, `end-to-end account form (${look})`))).toEqual([]);
  await page.locator(selectors.accountSave).click();
  await expect(page.locator(selectors.accountItem).filter({ hasText: 'Private' })).toBeVisible();
  await syncNow(page);
  await waitForStoredMessages(page, e2e.users.traveller, uids.length, { complete: true });

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(selectors.messageRow)).toHaveCount(uids.length);
  await openMessage(page, uids[0]!);
  await expect(page.locator(selectors.messageSubject)).toHaveText(plain!.subject);
});

