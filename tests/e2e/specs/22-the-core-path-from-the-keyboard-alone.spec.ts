/**
 * The core path from the keyboard alone (issue 19): with two accounts stored, a user who never
 * touches a mouse opens the app, picks the second account in the sidebar, moves into its list,
 * opens a message and scrolls it, marks it unread, deletes it and takes it back with Undo,
 * goes on to the next message with j, syncs, and opens the settings and leaves them. At every
 * step the test says which control has focus (by role and accessible name) and that focus is
 * drawn; axe-core finds nothing critical, serious or moderate at three of the states reached.
 * The walk itself only presses keys: it never clicks nor focuses anything.
 */
import type { Page } from '@playwright/test';
import { addAccount, waitForStoredMessages } from '../support/app-actions.ts';
import { axeFindings } from '../support/axe-findings.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectFocusOn, tabTo } from '../support/keyboard-focus.ts';
import { LONG_LETTER, PHOTO_MESSAGE } from '../support/reading-mail.ts';
import { selectors } from '../support/selectors.ts';

// axe is injected as an inline script, which the app's own CSP rightly refuses (as in spec 12).
test.use({ bypassCSP: true, viewport: { width: 1280, height: 800 } });

/** The text of the row the listbox marks active (aria-activedescendant). */
const activeRow = (page: Page) => page.locator(selectors.messageList).evaluate((list) => document.getElementById(list.getAttribute('aria-activedescendant') ?? '')?.textContent ?? '');

/** Keeps every text the sync announcer says from now on, in order (it may say two within a poll). */
async function recordAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const announcer = document.querySelector('[data-testid="sync-announcer"]')!;
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver(() => said.push(announcer.textContent ?? '')).observe(announcer, { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { said: string[] }).said);
}

test('with two accounts stored, the keyboard alone picks one, reads, marks unread, deletes and undoes, moves on, syncs and visits settings', async ({ page, e2e }) => {
  test.setTimeout(120_000);
  const walker = e2e.users.walker;
  const bystander = e2e.users.bystander;

  // Set-up, with the mouse (app-actions): two accounts whose passwords are remembered, so the
  // app opens on stored mail as it does for someone who uses it every day.
  await page.goto('/');
  await addAccount(page, { name: 'Bystander', target: e2e.targets.implicitTls, user: bystander, remember: true });
  await waitForStoredMessages(page, bystander, bystander.messageCount, { complete: true });
  await addAccount(page, { name: 'Walker', target: e2e.targets.implicitTls, user: walker, remember: true });
  await waitForStoredMessages(page, walker, walker.messageCount, { complete: true });

  // Open the app. It syncs both accounts at start; the walk begins once that sync has ended,
  // so the sync announced later is the one the keyboard starts.
  await page.goto('/');
  const syncNow = page.locator(selectors.syncNow);
  await expect(page.getByTestId('sync-announcer')).toHaveText('Sync finished.');
  await expect(syncNow).toHaveAttribute('data-running', 'false');

  // Nothing has focus on opening; the first Tab reaches the header's Sync now.
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  const syncButton = page.getByRole('banner').getByRole('button', { name: /^(Sync now|Syncing…)$/ });
  await page.keyboard.press('Tab');
  await expectFocusOn(syncButton);

  const sidebar = page.getByRole('navigation', { name: 'Mailboxes' });
  const walkerInbox = sidebar.getByRole('button', { name: 'Walker', exact: true });
  const list = page.getByRole('listbox', { name: 'Walker messages' });
  const rows = page.locator(selectors.messageRow);
  const subject = page.locator(selectors.messageSubject);

  // Pick the second account in the sidebar: focus stays on its entry, now the current page.
  await tabTo(page, walkerInbox);
  await page.keyboard.press('Enter');
  await expect(walkerInbox).toHaveAttribute('aria-current', 'page');
  await expectFocusOn(walkerInbox);
  await expect(rows).toHaveCount(walker.messageCount);

  // Into its list; the arrows move the highlight and the reading pane follows, focus stays.
  await tabTo(page, list);
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => activeRow(page)).toContain(LONG_LETTER);
  await expect(subject).toHaveText(LONG_LETTER);
  await expectFocusOn(list);

  // Open it: focus moves to the message's heading.
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 2, name: LONG_LETTER });
  await expectFocusOn(heading);
  expect(await axeFindings(page, 'reader open from the keyboard')).toEqual([]);

  // Read: Page Down scrolls the message; focus does not move.
  const readerPane = page.getByRole('region', { name: 'Message', exact: true });
  // The heading takes focus with the headers; the body below it may still be on its way.
  await expect(page.locator(selectors.messageFrame)).toBeVisible();
  await expect.poll(() => readerPane.evaluate((pane) => pane.scrollHeight > pane.clientHeight)).toBe(true);
  await page.keyboard.press('PageDown');
  await expect.poll(() => readerPane.evaluate((pane) => pane.scrollTop)).toBeGreaterThan(0);
  await expectFocusOn(heading);

  // Mark it unread with the reader's button, back before the heading: the button says the
  // opposite now, and keeps focus.
  await tabTo(page, page.getByRole('button', { name: 'Mark unread' }), { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  const markRead = page.getByRole('button', { name: 'Mark read' });
  await expect(markRead).toBeVisible();
  await expect(rows.filter({ hasText: LONG_LETTER })).toHaveClass(/\bunread\b/);
  await expectFocusOn(markRead);

  // Delete it with #: the next message opens, and focus is on the list at that message.
  await page.keyboard.press('#');
  await expect(rows).toHaveCount(walker.messageCount - 1);
  await expect(subject).toHaveText(PHOTO_MESSAGE);
  await expectFocusOn(list);
  await expect.poll(() => activeRow(page)).toContain(PHOTO_MESSAGE);

  // Undo, reached with Tab: the message is back, open, with focus on its heading.
  const undo = page.getByRole('group', { name: 'Message deleted' }).getByRole('button', { name: 'Undo' });
  await tabTo(page, undo);
  expect(await axeFindings(page, 'undo offered, focus on Undo')).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(walker.messageCount);
  await expect(page.locator(selectors.undoToast)).toHaveCount(0);
  await expectFocusOn(heading);
  await expect.poll(() => activeRow(page)).toContain(LONG_LETTER);

  // j: the next message opens and focus is on the reading pane, so the arrows scroll it.
  await page.keyboard.press('j');
  await expect(subject).toHaveText(PHOTO_MESSAGE);
  await expectFocusOn(readerPane);
  await expect.poll(() => activeRow(page)).toContain(PHOTO_MESSAGE);

  // Sync from the keyboard: focus stays on the button, and the start and the end are announced.
  const announced = await recordAnnouncements(page);
  await tabTo(page, syncButton, { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  await expect.poll(announced).toEqual(['Syncing mail…', 'Sync finished.']);
  await expect(syncNow).toHaveAttribute('data-running', 'false');
  await expectFocusOn(syncButton);

  // Settings, and Escape back out: focus returns to the Settings entry that opened them.
  const settings = sidebar.getByRole('button', { name: 'Settings' });
  await tabTo(page, settings);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Settings' })).toBeVisible();
  await expectFocusOn(settings);
  const exportMbox = page.getByRole('button', { name: 'Export mbox' });
  await tabTo(page, exportMbox);
  expect(await axeFindings(page, 'settings, focus inside')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { level: 2, name: 'Settings' })).toHaveCount(0);
  await expect(walkerInbox).toHaveAttribute('aria-current', 'page');
  await expect(list).toBeVisible();
  await expectFocusOn(settings);
});
