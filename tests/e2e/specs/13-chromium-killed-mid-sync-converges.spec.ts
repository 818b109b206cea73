/**
 * The user's browser dies mid-sync, all of it at once (a crash, the OOM killer, a power
 * cut as far as the profile can tell): Chromium is killed with SIGKILL at one of 20 points of
 * a sync (support/kill-points.ts), started again on the same profile, and the user syncs
 * again. The sync converges (DESIGN.md invariant 3): nothing lost, nothing stored twice, nothing
 * cut short (DESIGN.md invariant 1), and nothing gone from the server that was not committed whole here
 * and deleted here (DESIGN.md invariant 2).
 *
 * `npm test` runs KILL_POINT_SUBSET; SATCHEL_KILL_MATRIX=all (scripts/kill-matrix.mjs) runs
 * all 20, or a comma-separated list of point ids runs those.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { generateMailbox } from '../../support/generated-mail.ts';
import { addAccount, deleteHere, fillAccountForm, syncAndWait, waitForStoredMessages } from '../support/app-actions.ts';
import type { E2eEnvironment, E2eMailUser } from '../support/e2e-environment.ts';
import { expect, test } from '../support/fixtures.ts';
import { KillableChromium } from '../support/killable-chromium.ts';
import { ARRIVING, DELETED_HERE, selectedKillPoints, type KillPoint } from '../support/kill-points.ts';
import { killCounts, writeKillResult, type KillCounts } from '../support/kill-outcome.ts';
import { watchForKillPoint, type SyncObservation } from '../support/kill-trigger.ts';
import { deliverToMaildir } from '../support/maildir-delivery.ts';
import { grantPersistentStorageToDefaultContext, persistStorageInApp } from '../support/persistent-storage.ts';
import { serverListing } from '../support/pop3-probe.ts';
import { selectors } from '../support/selectors.ts';
import { accountIdsOf, messagesOf, readBodySizes, readStoredMail } from '../support/stored-mail.ts';
import { fetchEverything } from '../support/sync-preferences.ts';

async function openApp(chromium: KillableChromium, baseURL: string): Promise<Page> {
  await fetchEverything(chromium.context);
  const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  await page.goto(baseURL);
  return page;
}

/** With a delete policy: a whole first sync, some mail deleted here, new mail on the server. */
async function prepareDeletions(page: Page, e2e: E2eEnvironment, user: E2eMailUser, point: KillPoint): Promise<Set<string>> {
  await waitForStoredMessages(page, user, user.messageCount, { complete: true, timeout: 30_000 });
  await expect.poll(async () => (await readStoredMail(page)).syncStates.some((s) => s.lastSyncAt !== null), { message: 'the first sync finished' }).toBe(true);
  const uids = messagesOf(await readStoredMail(page), user.user).map((m) => m.uid).sort();
  const chosen = uids.filter((_, i) => i % 2 === 0).slice(0, DELETED_HERE);
  await deleteHere(page, user, chosen);
  await deliverToMaildir(e2e, user.user, generateMailbox({ count: ARRIVING, seed: point.mailbox.seed + 1_000 }));
  return new Set(chosen);
}

interface SyncToKill {
  /** The server's listing as the sync to be killed began. */
  before: Array<{ uid: string; size: number }>;
  deletedHere: Set<string>;
  /** Whole messages stored before the sync to be killed began. */
  wholeBeforeSync: number;
  landed: SyncObservation;
  clickedAt: number;
}

/**
 * Starts the sync to be killed and resolves when it reaches the point. With a delete policy,
 * a first sync runs to its end before (prepareDeletions); otherwise saving the account starts it.
 */
async function syncUntilKillPoint(page: Page, e2e: E2eEnvironment, user: E2eMailUser, point: KillPoint, grant: () => Promise<void>): Promise<SyncToKill> {
  const target = point.link === 'slow' ? e2e.targets.slow : e2e.targets.implicitTls;
  if (point.policy === 'delete-when-deleted-here') {
    await persistStorageInApp(page, grant);
    await addAccount(page, { name: point.id, target, user, policy: point.policy });
    const deletedHere = await prepareDeletions(page, e2e, user, point);
    const before = await serverListing(e2e, user);
    expect(before, 'the new mail arrived').toHaveLength(user.messageCount + ARRIVING);
    const wholeBeforeSync = messagesOf(await readStoredMail(page), user.user, { withDeletedHere: true }).filter((m) => m.state === 'complete').length;
    const watch = watchForKillPoint(page, point.trigger);
    // The password is still held from adding the account: no prompt.
    const clickedAt = Date.now();
    await page.locator(selectors.syncNow).first().click();
    return { before, deletedHere, wholeBeforeSync, landed: await watch, clickedAt };
  }
  const before = await serverListing(e2e, user);
  await fillAccountForm(page, { name: point.id, target, user, policy: point.policy });
  const watch = watchForKillPoint(page, point.trigger);
  // Saving starts the first sync.
  const clickedAt = Date.now();
  await page.locator(selectors.accountSave).click();
  return { before, deletedHere: new Set(), wholeBeforeSync: 0, landed: await watch, clickedAt };
}

const describeLanding = (o: SyncObservation, committedAfterRelaunch: number) =>
  `${o.syncEnded ? 'after the sync ended' : `phase ${o.phase ?? 'none'}`}, progress ${o.messagesDone} of ${o.messagesTotal}; ` +
  `${o.bodiesCommitted} bodies of this sync seen committed before the kill, ${committedAfterRelaunch} whole after relaunch`;

// Each point has its own maildrop and profile: the two workers may share the points out.
test.describe.configure({ mode: 'parallel' });

for (const point of selectedKillPoints()) {
  test(`Chromium killed ${point.where} converges on the next sync, nothing lost, doubled, cut or wrongly deleted (${point.id})`, async ({ e2e, baseURL }) => {
    test.setTimeout(90_000);
    const startedAt = Date.now();
    const user = e2e.killMatrix[point.id]!;
    const origin = new URL(baseURL!).origin;
    const profile = await mkdtemp(join(tmpdir(), `satchel-${point.id}-`));
    let chromium = await KillableChromium.launch(profile);
    try {
      let page = await openApp(chromium, baseURL!);
      const withDeletes = point.policy === 'delete-when-deleted-here';
      const grant = () => grantPersistentStorageToDefaultContext(chromium.browser, origin);
      const { before, deletedHere, wholeBeforeSync, landed, clickedAt } = await syncUntilKillPoint(page, e2e, user, point, grant);
      await chromium.kill();
      const killedAfterMs = Date.now() - clickedAt;

      const serverAfterKill = (await serverListing(e2e, user)).map((m) => m.uid);
      chromium = await KillableChromium.launch(profile);
      page = await openApp(chromium, baseURL!);
      const afterKill = await readStoredMail(page);
      const wholeAfterRelaunch = messagesOf(afterKill, user.user, { withDeletedHere: true }).filter((m) => m.state === 'complete').length;
      const atKill = killCounts({ userName: user.user, before, serverNow: serverAfterKill, mail: afterKill, bodySizes: await readBodySizes(page), deletedHere, judgeLost: false });
      const gone = [...deletedHere].filter((uid) => !serverAfterKill.includes(uid)).length;
      const landing = describeLanding(landed, wholeAfterRelaunch - wholeBeforeSync) + (withDeletes ? `; ${gone} of ${deletedHere.size} deletions applied by the server (QUIT) before the kill` : '');
      test.info().annotations.push({ type: 'kill landed', description: `${landing}; ${killedAfterMs} ms after the click` });

      if (withDeletes) {
        await persistStorageInApp(page, grant);
        // The password prompt opens from the inbox, not from the settings page.
        await page.locator(selectors.unifiedInbox).click();
      }
      expect(await syncAndWait(page, user, { timeout: 45_000 }), 'the sync after the relaunch ends cleanly').toBeNull();
      const mail = await readStoredMail(page);
      const serverNow = (await serverListing(e2e, user)).map((m) => m.uid);
      const converged = killCounts({ userName: user.user, before, serverNow, mail, bodySizes: await readBodySizes(page), deletedHere, judgeLost: true });
      const counts: KillCounts = {
        lost: converged.lost,
        duplicated: Math.max(atKill.duplicated, converged.duplicated),
        truncated: atKill.truncated + converged.truncated,
        wronglyDeleted: Math.max(atKill.wronglyDeleted, converged.wronglyDeleted),
      };
      const notes = [...atKill.notes.map((note) => `after the kill: ${note}`), ...converged.notes];
      await writeKillResult(point.id, { id: point.id, where: point.where, link: point.link, policy: point.policy, landed: landing, killedAfterMs, ...counts, notes, ms: Date.now() - startedAt });
      for (const note of notes) test.info().annotations.push({ type: 'problem', description: note });

      expect(landed.syncEnded, `the kill came before the sync ended (${landing})`).toBe(false);
      if (point.whileBodiesArrive === true) {
        expect(landed.bodiesCommitted, 'bodies are committed as they arrive: some were, when the kill came').toBeGreaterThan(0);
        expect(landed.bodiesCommitted, 'bodies are committed as they arrive: not all were, when the kill came').toBeLessThan(user.messageCount);
      }
      expect(wholeAfterRelaunch, 'every message committed before the kill survived it').toBeGreaterThanOrEqual(wholeBeforeSync + landed.bodiesCommitted);
      expect(counts).toEqual({ lost: 0, duplicated: 0, truncated: 0, wronglyDeleted: 0 });
      // Converged: the server holds what the policy kept, and this browser holds it, whole.
      const expected = before.map((m) => m.uid).filter((uid) => !deletedHere.has(uid));
      expect(new Set(serverNow)).toEqual(new Set(expected));
      expect(new Set(messagesOf(mail, user.user).filter((m) => m.state === 'complete').map((m) => m.uid))).toEqual(new Set(expected));
      expect(accountIdsOf(mail, user.user).size).toBe(1);
    } finally {
      await chromium.kill();
      await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    }
  });
}
