/**
 * The user gets a message whose attachment name and sender use U+202E (RIGHT-TO-LEFT
 * OVERRIDE) to disguise themselves, reads it and saves the attachment. Every name is shown in
 * an isolate of its own, so the override cannot turn the text beside it around; the
 * attachment name shows its controls instead of obeying them, and is saved with `_` in their
 * place.
 */
import { addAccount, openMessage, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { BIDI_ATTACHMENT_NAME, BIDI_LINK, BIDI_SENDER_ADDRESS, BIDI_SUBJECT } from '../support/bidi-message.ts';
import { BIDI_CONTROL, isolateAround } from '../support/bidi-isolation.ts';
import { expect, test } from '../support/fixtures.ts';
import { messageRowByUid, selectors } from '../support/selectors.ts';

test('a bidi override in an attachment name or a sender name cannot disguise what the user sees or saves', async ({ page, e2e }) => {
  await page.goto('/');
  await addAccount(page, { name: 'Bidi', target: e2e.targets.implicitTls, user: e2e.users.bidi });
  await syncNow(page);
  const [stored] = await waitForStoredMessages(page, e2e.users.bidi, 1, { complete: true });
  expect(stored?.subject).toBe(BIDI_SUBJECT);

  const row = messageRowByUid(page, stored?.uid ?? '');
  await expect(row).toBeVisible();
  expect((await isolateAround(row, 'Your Bank'))?.text, 'the row isolates the sender from the rest of the row').toBe('Your Bank\u202e');
  expect((await isolateAround(row, 'Your invoice'))?.text, 'and the subject').toBe(BIDI_SUBJECT);

  await openMessage(page, stored?.uid ?? '');
  const from = page.locator(selectors.messageFrom);
  await expect(from).toContainText(BIDI_SENDER_ADDRESS);
  expect((await isolateAround(from, 'Your Bank'))?.text, 'the sender name cannot turn the address after it around').toBe('Your Bank\u202e');
  expect((await isolateAround(from, BIDI_SENDER_ADDRESS))?.text, 'the address is isolated on its own').toBe(BIDI_SENDER_ADDRESS);
  expect((await isolateAround(page.locator(selectors.messageSubject), 'Your invoice'))?.text, 'the subject is isolated').toBe(BIDI_SUBJECT);

  const text = page.locator(selectors.messageText);
  await expect(text).toContainText('https://spoof.example/');
  expect((await isolateAround(text, 'https://spoof.example/'))?.text, 'a link in the body cannot turn the words after it around').toBe(BIDI_LINK);

  const item = page.locator(selectors.attachment);
  await expect(item).toHaveCount(1);
  const nameIsolate = await isolateAround(item, 'invoice');
  expect(nameIsolate, 'the attachment name is isolated').not.toBeNull();
  expect(nameIsolate?.text, 'its isolate holds the name only').toMatch(/^invoice.*fdp\.exe$/);
  expect(await item.textContent(), 'the name shows no raw bidi control').not.toMatch(BIDI_CONTROL);

  const downloading = page.waitForEvent('download');
  await item.getByRole('button').click();
  const download = await downloading;
  expect(download.suggestedFilename(), 'saved without bidi controls').not.toMatch(BIDI_CONTROL);
  expect(download.suggestedFilename(), 'each marked by _, under its real extension').toBe(BIDI_ATTACHMENT_NAME.replace(BIDI_CONTROL, '_'));
});
