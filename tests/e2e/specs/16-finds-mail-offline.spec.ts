/**
 * The user syncs four corpus messages from Dovecot and finds each one again with the search
 * field: by a word only its body holds, by `from:` and the sender's name, and by a Japanese
 * word (no spaces between CJK words). Then, offline after a reload, the same searches still
 * answer from the index the sync Worker saved in IndexedDB. A message deleted here leaves the
 * results at once and stays out after another reload. `/` focuses the field, Escape clears
 * it, the words are marked in the rows and the reader (plain text, HTML frame, subject), and
 * axe finds nothing on the screen at desktop and phone sizes, light and dark.
 */
import type { Page } from '@playwright/test';
import { loadCorpus } from '../../support/corpus.ts';
import { axeFindings } from '../support/axe-findings.ts';
import { addAccount, openMessage, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { inEveryLook } from '../support/every-look.ts';
import { FINDER_CJK_MESSAGE, senderWord, wordOnlyIn } from '../support/finder-mail.ts';
import { expect, test } from '../support/fixtures.ts';
import { serverUidls } from '../support/pop3-probe.ts';
import { messageFrame, messageRows, selectors } from '../support/selectors.ts';
import { waitForServiceWorkerControl } from '../support/service-worker.ts';

async function search(page: Page, text: string): Promise<void> {
  await page.locator(selectors.searchInput).fill(text);
  await page.locator(selectors.searchInput).press('Enter');
}

/** The uids the list shows, once the search has answered. */
async function resultUids(page: Page): Promise<string[]> {
  await expect(page.locator(selectors.searchStatus)).not.toHaveText(/Searching/);
  return messageRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-uid') ?? ''));
}

/**
 * Searches until the answer is `uids`: the sync Worker indexes what a sync stored in rounds and
 * at the sync's end, so a search just after the mail is stored may come before it is indexed
 * (the field then says how many messages are still being indexed).
 */
async function expectFound(page: Page, text: string, uids: string[]): Promise<void> {
  await expect
    .poll(async () => {
      await search(page, text);
      return resultUids(page);
    }, { message: `search ${text}` })
    .toEqual(uids);
}

test('search finds corpus mail by a body word, by from: and by a CJK word, offline too, and drops mail deleted here', async ({ page, context, e2e }) => {
  test.setTimeout(90_000);
  const finder = e2e.users.finder;
  const corpus = await loadCorpus();
  const byName = (name: string) => corpus.find((message) => message.name === name)!;
  const [plain, html, withAttachment, japanese] = [e2e.travellerMail.plain, e2e.travellerMail.html, e2e.travellerMail.withAttachment, FINDER_CJK_MESSAGE].map(byName);
  const bodyWord = await wordOnlyIn(plain!, [html!, withAttachment!, japanese!]);
  const sender = await senderWord(html!);
  const htmlWord = await wordOnlyIn(html!, [plain!, withAttachment!, japanese!], 'html');
  const uids = await serverUidls(e2e, finder);
  expect(uids).toHaveLength(4);

  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await addAccount(page, { name: 'Finder', target: e2e.targets.implicitTls, user: finder });
  await syncNow(page);
  await waitForStoredMessages(page, finder, 4, { complete: true });
  await expect(messageRows(page)).toHaveCount(4);

  // `/` from the page focuses the field; typed into the field, it is just a character.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.locator(selectors.searchInput)).toBeFocused();
  await expect(page.locator(selectors.searchInput)).toHaveValue('');
  await page.keyboard.type('a/b');
  await expect(page.locator(selectors.searchInput)).toHaveValue('a/b');

  await expectFound(page, bodyWord.toUpperCase(), [uids[0]!]);
  await openMessage(page, uids[0]!);
  await expect(page.locator(selectors.messageText).locator('mark').first()).toHaveText(new RegExp(`^${bodyWord}$`, 'i'));

  await expectFound(page, `from:${sender}`, [uids[1]!]);
  await expect(messageRows(page).first().locator(`${selectors.rowSender} mark`)).toHaveText(sender);
  // In an HTML body, the sandboxed frame marks the word too.
  await expectFound(page, htmlWord, [uids[1]!]);
  await openMessage(page, uids[1]!);
  await expect(messageFrame(page).locator('mark').first()).toHaveText(new RegExp(`^${htmlWord}$`, 'i'));
  // Marked unread from the reader, the result row says so at once, as the inbox's would.
  const resultRow = messageRows(page).first();
  await expect(resultRow).not.toHaveClass(/\bunread\b/);
  await page.locator(selectors.toggleSeen).click();
  await expect(resultRow).toHaveClass(/\bunread\b/);

  await expectFound(page, '日本語', [uids[3]!]);
  await expect(messageRows(page).first().locator('mark').first()).toHaveText('日本語');
  await openMessage(page, uids[3]!);
  await expect(page.locator(selectors.messageSubject).locator('mark')).toHaveText('日本語');

  // On a phone the reader stands in for the list, so the phone looks audit the reader.
  const violations = await inEveryLook(page, (look) => axeFindings(page, `search results and reader (${look})`));
  expect(violations, 'axe findings on the search results and reader').toEqual([]);

  // Escape clears the search and the inbox comes back.
  await page.locator(selectors.searchInput).focus();
  await page.keyboard.press('Escape');
  await expect(page.locator(selectors.searchInput)).toHaveValue('');
  await expect(messageRows(page)).toHaveCount(4);

  // Offline, after a reload: the index the Worker saved answers.
  await context.setOffline(true);
  await page.reload();
  await expect(messageRows(page)).toHaveCount(4);
  await expectFound(page, bodyWord, [uids[0]!]);
  await expectFound(page, '日本語', [uids[3]!]);

  // Deleted here from the results: gone from them at once, and after a reload.
  await expectFound(page, bodyWord, [uids[0]!]);
  await openMessage(page, uids[0]!);
  await page.locator(selectors.deleteHere).click();
  await expect(page.locator(selectors.searchStatus)).toHaveText(/^No messages match\./);
  await expect(messageRows(page)).toHaveCount(0);
  await page.reload();
  await search(page, bodyWord);
  await expect(page.locator(selectors.searchStatus)).toHaveText(/^No messages match\./);
  await expect(messageRows(page)).toHaveCount(0);
});
