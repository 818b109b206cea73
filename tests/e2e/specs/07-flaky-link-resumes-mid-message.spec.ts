/**
 * The user syncs on a train: the link between the browser and the bridge stalls in a tunnel,
 * then drops hard in the middle of a large message. Satchel's tunnel resumes the same POP3
 * session at the byte it had reached (DESIGN.md "The link"): the sync finishes without starting over, and
 * every message is stored once and whole.
 *
 * This spec runs its own bridge, so that it can read the bridge's log, and puts the link
 * emulator between the browser and that bridge: the weak link is browser ↔ bridge.
 */
import { join, resolve } from 'node:path';
import { loadConfig, startBridge, type LogEntry, type RunningBridge } from '../../../bridge/index.ts';
import { startLinkEmulator, type LinkEmulator } from '../../support/link-emulator.ts';
import { addAccount, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { expect, test } from '../support/fixtures.ts';
import { serverUidls } from '../support/pop3-probe.ts';
import { messagesOf, readBodySizes, readStoredMail } from '../support/stored-mail.ts';
import { selectors } from '../support/selectors.ts';
import { fetchEverything } from '../support/sync-preferences.ts';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
const TARGET = 'dovecot-weak-link';

let bridge: RunningBridge;
let weakLink: LinkEmulator;
const bridgeLog: LogEntry[] = [];

test.beforeAll(async ({ e2e }) => {
  const config = loadConfig(
    {
      listen: { host: '127.0.0.1', port: 0 },
      upstreamCaFile: e2e.dovecot.caCertFile,
      targets: [{ name: TARGET, label: 'Dovecot over a weak link', host: e2e.dovecot.tlsHostname, port: e2e.dovecot.pop3sPort, tls: 'implicit', allowLocal: true }],
      staticDir: join(REPO_ROOT, 'dist', 'web'),
    },
    REPO_ROOT,
  );
  bridge = await startBridge(config, { log: (entry) => bridgeLog.push(entry) });
  // 8 Mbit/s with a 100 ms round trip: the train profile.
  weakLink = await startLinkEmulator({ target: { host: '127.0.0.1', port: bridge.port }, delayMs: 50, bandwidthBitsPerSecond: 8_000_000 });
});

test.afterAll(async () => {
  await weakLink?.close();
  await bridge?.close();
});

const events = (name: string) => bridgeLog.filter((entry) => entry.event === name);

test('a sync over a link that stalls and then drops mid-message resumes the same session and stores everything once', async ({ context, e2e }) => {
  test.setTimeout(90_000);
  const flaky = e2e.users.flaky;
  const serverSet = await serverUidls(e2e, flaky);
  await fetchEverything(context);

  const page = await context.newPage();
  await page.goto(`http://localhost:${weakLink.port}/`);
  await addAccount(page, { name: 'On the train', target: TARGET, user: flaky });
  await syncNow(page);

  // Bodies come newest first, and message 8 is about 1.5 MB: stall, then cut, inside it.
  const downAtStart = weakLink.bytes().down;
  await expect.poll(() => weakLink.bytes().down - downAtStart, { timeout: 30_000, intervals: [20] }).toBeGreaterThan(250_000);
  weakLink.stall(2_000);
  await expect.poll(() => weakLink.bytes().down - downAtStart, { timeout: 30_000, intervals: [20] }).toBeGreaterThan(700_000);
  const wholeBeforeCut = messagesOf(await readStoredMail(page), flaky.user).filter((m) => m.state === 'complete').length;
  weakLink.cutAll();
  expect(wholeBeforeCut, 'the cut comes before the sync has finished').toBeLessThan(flaky.messageCount);

  const stored = await waitForStoredMessages(page, flaky, flaky.messageCount, { complete: true, timeout: 60_000 });
  await expect(page.locator(selectors.syncError)).toHaveCount(0);

  // One POP3 session for the whole sync, picked up again after the cut rather than restarted.
  const ready = events('tunnel-ready').filter((entry) => entry.target === TARGET);
  expect(ready, 'one tunnel opened to the server').toHaveLength(1);
  expect(events('tunnel-parked').length, 'the bridge held the session when the link dropped').toBeGreaterThanOrEqual(1);
  expect(events('tunnel-resumed').length, 'the browser resumed it').toBeGreaterThanOrEqual(1);
  expect(events('tunnel-resume-refused')).toHaveLength(0);

  const keys = stored.map((m) => `${m.accountId} ${m.uid}`);
  expect(new Set(keys).size, 'no (account, UIDL) twice').toBe(keys.length);
  expect(new Set(stored.map((m) => m.uid))).toEqual(new Set(serverSet));
  const sizes = await readBodySizes(page);
  for (const message of stored) expect(sizes.get(`${message.accountId} ${message.uid}`), `${message.uid} whole`).toBe(message.size);
});
