/**
 * The user asks Satchel to delete mail from the server once they delete it here. Nothing
 * leaves the server before Satchel has committed it (DESIGN.md invariant 2): the first sync,
 * which commits every message, deletes none; the next deletes exactly the messages that
 * were committed whole and then deleted here. Without persistent storage, nothing is deleted
 * and the form says why. The maildrop is watched from outside by polling UIDL.
 */
import type { Page } from '@playwright/test';
import { addAccount, openMessage, syncAndWait, waitForStoredMessages } from '../support/app-actions.ts';
import type { E2eMailUser } from '../support/e2e-environment.ts';
import { expect, test } from '../support/fixtures.ts';
import { grantPersistentStorage } from '../support/persistent-storage.ts';
import { serverUidls } from '../support/pop3-probe.ts';
import { selectors } from '../support/selectors.ts';
import { ServerWatch } from '../support/server-watch.ts';
import { messagesOf, readStoredMail } from '../support/stored-mail.ts';
import { fetchEverything } from '../support/sync-preferences.ts';

async function deleteHere(page: Page, user: E2eMailUser, uids: string[]): Promise<void> {
  for (const uid of uids) {
    await openMessage(page, uid);
    await page.locator(selectors.deleteHere).click();
    await expect
      .poll(async () => messagesOf(await readStoredMail(page), user.user, { withDeletedHere: true }).find((m) => m.uid === uid)?.deletedLocally, { message: `${uid} deleted here` })
      .toBe(true);
  }
}

test('with persistent storage, the server loses a message only after it was committed here and deleted here', async ({ page, context, browser, baseURL, e2e }) => {
  const deleter = e2e.users.deleter;
  await fetchEverything(context);
  await page.goto('/');
  await grantPersistentStorage(browser, context, page, new URL(baseURL ?? '').origin);
  await page.locator(selectors.settings).click();
  // The settings page reads persisted() afresh; with the grant it may already say yes.
  const persisted = page.locator(selectors.storagePersisted);
  await expect(persisted).toHaveAttribute('data-persisted', /^(true|false)$/);
  if ((await persisted.getAttribute('data-persisted')) === 'false') await page.locator(selectors.persistStorage).click();
  await expect(persisted).toHaveAttribute('data-persisted', 'true');
  await addAccount(page, { name: 'Deleter', target: e2e.targets.implicitTls, user: deleter, policy: 'delete-when-deleted-here' });

  const watch = await ServerWatch.start(e2e, deleter);
  const serverBefore = watch.current;
  expect(serverBefore.size).toBe(deleter.messageCount);
  expect(await syncAndWait(page, deleter)).toBeNull();
  const stored = await waitForStoredMessages(page, deleter, deleter.messageCount, { complete: true });
  expect(watch.changes, 'the first sync, which committed everything, deleted nothing').toEqual([]);

  const chosen = [...serverBefore].filter((_, i) => i % 4 === 1);
  await deleteHere(page, deleter, chosen);
  const committedAndDeletedHere = new Set(
    messagesOf(await readStoredMail(page), deleter.user, { withDeletedHere: true })
      .filter((m) => m.state === 'complete' && m.deletedLocally)
      .map((m) => m.uid),
  );
  for (const uid of chosen) expect(committedAndDeletedHere.has(uid)).toBe(true);

  expect(await syncAndWait(page, deleter)).toBeNull();
  await expect.poll(() => watch.current.size, { message: 'the deletions reach the server', timeout: 30_000 }).toBe(deleter.messageCount - chosen.length);
  const changes = await watch.stop();
  expect(watch.polls).toBeGreaterThan(5);
  const removed = changes.flatMap((change) => change.removed);
  expect(new Set(removed), 'exactly the messages deleted here left the server').toEqual(new Set(chosen));
  expect(changes.flatMap((change) => change.added)).toEqual([]);
  expect(new Set(await serverUidls(e2e, deleter))).toEqual(new Set([...serverBefore].filter((uid) => !chosen.includes(uid))));
  // The others are still here, whole.
  const after = messagesOf(await readStoredMail(page), deleter.user).filter((m) => !chosen.includes(m.uid));
  expect(after.map((m) => m.uid).sort()).toEqual(stored.map((m) => m.uid).filter((uid) => !chosen.includes(uid)).sort());
});

test('without persistent storage, a delete policy deletes nothing on the server and the form says why', async ({ page, context, e2e }) => {
  const keeper = e2e.users.keeper;
  await fetchEverything(context);
  await page.goto('/');
  expect(await page.evaluate(() => navigator.storage.persisted())).toBe(false);
  await page.locator(selectors.addAccount).click();
  await page.locator(selectors.policyRadio('delete-when-deleted-here')).check();
  await expect(page.getByRole('note').filter({ hasText: 'deletes nothing there' })).toBeVisible();
  await page.reload();
  await addAccount(page, { name: 'Keeper', target: e2e.targets.implicitTls, user: keeper, policy: 'delete-when-deleted-here' });

  const serverBefore = await serverUidls(e2e, keeper);
  expect(await syncAndWait(page, keeper)).toBeNull();
  await waitForStoredMessages(page, keeper, keeper.messageCount, { complete: true });
  await deleteHere(page, keeper, serverBefore.slice(0, 2));
  expect(await syncAndWait(page, keeper)).toBeNull();
  expect(await serverUidls(e2e, keeper), 'all mail stays on the server').toEqual(serverBefore);
});
