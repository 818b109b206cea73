/**
 * The user syncs, loses the network, reopens Satchel and reads: a plain-text message, an
 * HTML message, and one with an attachment, which they save. The app shell comes from the
 * service worker, the mail from IndexedDB; the saved file is byte for byte the attachment
 * postal-mime finds in the same corpus file. A message whose download failed says so, in
 * the list and in the reader, with when Satchel tries again.
 */
import { readFile } from 'node:fs/promises';
import { loadCorpus } from '../../support/corpus.ts';
import { addAccount, openMessage, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { asRendered } from '../support/corpus-expectations.ts';
import { expect, test } from '../support/fixtures.ts';
import { serverUidls } from '../support/pop3-probe.ts';
import { putFailedDownload } from '../support/failed-download.ts';
import { messageFrame, messageRowByUid, selectors } from '../support/selectors.ts';
import { readStoredMail } from '../support/stored-mail.ts';
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

  // A message the server listed but would not send ([SYS/TEMP], twice): the row and the
  // reader say what happened and when the next try is, in words, not by colour alone.
  const accountId = (await readStoredMail(page)).accounts[0]!.id;
  await putFailedDownload(page, { accountId, uid: 'not-downloaded', size: 12_288, code: 'POP3_ERR_SYS_TEMP', attempts: 2, lastAt: Date.now() });
  await page.reload();
  const failedRow = messageRowByUid(page, 'not-downloaded');
  await expect(failedRow).toContainText('Message details not downloaded yet');
  await expect(failedRow).toContainText('12 KB on the server');
  await expect(failedRow.locator(selectors.rowFetchFailure)).toHaveText(
    /^⚠Couldn't download: the mail server reported a temporary problem\. Satchel will try again at the first sync after .+\.$/,
  );
  await openMessage(page, 'not-downloaded');
  const notice = page.locator(selectors.previewOnlyNotice);
  await expect(notice).toContainText("Satchel couldn't download this message: the mail server reported a temporary problem (2 tries so far).");
  await expect(notice).toContainText('To try now, choose Download full message.');
  await expect(notice).toContainText('Its sender, subject and text (12 KB) are still on the server.');
  // Its text is on the server, not missing from the message.
  await expect(page.locator(selectors.messageReader)).toContainText('No text downloaded yet.');
  await expect(notice.locator(selectors.downloadFullMessage)).toBeEnabled();
});
