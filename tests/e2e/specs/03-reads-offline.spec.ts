/**
 * The user syncs, loses the network, reopens Satchel and reads: a plain-text message, an
 * HTML message, and one with an attachment, which they save. The app shell comes from the
 * service worker, the mail from IndexedDB; the saved file is byte for byte the attachment
 * postal-mime finds in the same corpus file.
 */
import { readFile } from 'node:fs/promises';
import { loadCorpus } from '../../support/corpus.ts';
import { addAccount, openMessage, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { asRendered } from '../support/corpus-expectations.ts';
import { expect, test } from '../support/fixtures.ts';
import { serverUidls } from '../support/pop3-probe.ts';
import { messageFrame, selectors } from '../support/selectors.ts';
import { waitForServiceWorkerControl } from '../support/service-worker.ts';
import { travellerExpectations } from '../support/traveller-mail.ts';

/** A distinctive run of words from a body, as the reader renders it. */
function excerpt(text: string): string {
  return asRendered(text).split(' ').slice(0, 6).join(' ');
}

test('after a sync, with the network gone, the user reads plain, HTML and attachment mail and saves the attachment', async ({ page, context, e2e }) => {
  const corpus = await loadCorpus();
  const byName = (name: string) => {
    const found = corpus.find((message) => message.name === name);
    if (found === undefined) throw new Error(`corpus has no ${name}`);
    return found;
  };
  const [plain, html, withAttachment] = await Promise.all(
    [e2e.travellerMail.plain, e2e.travellerMail.html, e2e.travellerMail.withAttachment].map((name) => travellerExpectations(byName(name))),
  );
  const uids = await serverUidls(e2e, e2e.users.traveller);
  expect(uids).toHaveLength(3);

  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await addAccount(page, { name: 'Traveller', target: e2e.targets.implicitTls, user: e2e.users.traveller });
  await syncNow(page);
  await waitForStoredMessages(page, e2e.users.traveller, 3, { complete: true });

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(selectors.messageRow)).toHaveCount(3);

  await openMessage(page, uids[0]!);
  await expect(page.locator(selectors.messageSubject)).toHaveText(plain!.subject);
  await expect(page.locator(selectors.messageText)).toContainText(excerpt(plain!.text));

  await page.locator(selectors.closeMessage).click();
  await openMessage(page, uids[1]!);
  await expect(page.locator(selectors.messageSubject)).toHaveText(html!.subject);
  await expect(messageFrame(page).locator('body')).toContainText(excerpt(html!.text));

  await page.locator(selectors.closeMessage).click();
  await openMessage(page, uids[2]!);
  await expect(page.locator(selectors.messageSubject)).toHaveText(withAttachment!.subject);
  const expected = withAttachment!.attachment!;
  const item = page.locator(selectors.attachment).filter({ hasText: expected.filename });
  await expect(item).toBeVisible();
  const downloading = page.waitForEvent('download');
  await item.getByRole('button').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(expected.filename);
  const saved = new Uint8Array(await readFile(await download.path()));
  expect(saved.byteLength).toBe(expected.bytes.byteLength);
  expect(Buffer.from(saved).equals(Buffer.from(expected.bytes)), 'the saved bytes are the attachment\'s').toBe(true);
});
