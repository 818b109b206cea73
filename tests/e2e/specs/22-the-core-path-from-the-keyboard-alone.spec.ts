/**
 * The core path from the keyboard alone (issue 19): with two accounts stored, a user who never
 * touches a mouse opens the app, picks the second account in the sidebar, moves into its list,
 * opens a message and scrolls it, marks it unread, deletes it and takes it back with Undo,
 * goes on to the next message with j, syncs, and opens the settings and leaves them. At every
 * step the test says which control has focus (by role and accessible name) and that focus is
 * drawn; axe-core finds nothing critical, serious or moderate at three of the states reached.
 * On a phone, where the sidebar folds behind ☰, a choice made there hands focus back to ☰;
 * Dismiss on the Undo offer hands focus back to where it came from; and a button whose work
 * takes a while (a policy's Save, Export mbox) keeps the focus of the key that pressed it. The walks themselves
 * only press keys: they never click nor focus anything.
 */
import type { Page } from '@playwright/test';
import { addAccount, waitForStoredMessages } from '../support/app-actions.ts';
import { axeFindings } from '../support/axe-findings.ts';
import type { E2eEnvironment } from '../support/e2e-environment.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectFocusOn, expectVisibleFocus, tabTo } from '../support/keyboard-focus.ts';
import { LONG_LETTER, PHOTO_MESSAGE } from '../support/reading-mail.ts';
import { selectors } from '../support/selectors.ts';

test.use({ viewport: { width: 1280, height: 800 } });

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

/**
 * Set-up, with the mouse (app-actions): two accounts whose passwords are remembered, then the
 * app opened again, on stored mail, as it is for someone who uses it every day. It syncs both
 * accounts at start; this returns once that sync has ended, so a sync announced later is one
 * the keyboard started.
 */
async function openWithTwoAccounts(page: Page, e2e: E2eEnvironment): Promise<void> {
  await page.goto('/');
  await addAccount(page, { name: 'Bystander', target: e2e.targets.implicitTls, user: e2e.users.bystander, remember: true });
  await waitForStoredMessages(page, e2e.users.bystander, e2e.users.bystander.messageCount, { complete: true });
  await addAccount(page, { name: 'Walker', target: e2e.targets.implicitTls, user: e2e.users.walker, remember: true });
  await waitForStoredMessages(page, e2e.users.walker, e2e.users.walker.messageCount, { complete: true });
  await page.goto('/');
  await expect(page.getByTestId('sync-announcer')).toHaveText('Sync finished.');
  await expect(page.locator(selectors.syncNow)).toHaveAttribute('data-running', 'false');
}

/** What the walks look for, by role and accessible name. */
function controls(page: Page) {
  const sidebar = page.getByRole('navigation', { name: 'Mailboxes' });
  return {
    walkerInbox: sidebar.getByRole('button', { name: 'Walker', exact: true }),
    settings: sidebar.getByRole('button', { name: 'Settings', exact: true }),
    settingsHeading: page.getByRole('heading', { level: 2, name: 'Settings', exact: true }),
    list: page.getByRole('listbox', { name: 'Walker messages' }),
  };
}

test('with two accounts stored, the keyboard alone picks one, reads, marks unread, deletes and undoes, moves on, syncs and visits settings', async ({ page, e2e }) => {
  test.setTimeout(120_000);
  const walker = e2e.users.walker;
  await openWithTwoAccounts(page, e2e);
  const syncNow = page.locator(selectors.syncNow);
  const { walkerInbox, settings, settingsHeading, list } = controls(page);

  // Nothing has focus on opening; the first Tab reaches the header's Sync now.
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  const syncButton = page.getByRole('banner').getByRole('button', { name: /^(Sync now|Syncing…)$/ });
  await page.keyboard.press('Tab');
  await expectFocusOn(syncButton);

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

  // Read: Tab goes on into the letter, whose frame scrolls itself; Page Down scrolls it.
  const letter = page.getByTitle('Message body');
  await tabTo(page, letter);
  await expectFocusOn(letter);
  const letterScroll = () => letter.contentFrame().locator('html').evaluate((html) => html.scrollTop);
  await page.keyboard.press('PageDown');
  await expect.poll(letterScroll).toBeGreaterThan(0);
  await expectFocusOn(letter);

  // Mark it unread with the reader's button, back above the headers: the button says the
  // opposite now, and keeps focus.
  await tabTo(page, page.getByRole('button', { name: 'Mark unread', exact: true }), { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  const markRead = page.getByRole('button', { name: 'Mark read', exact: true });
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
  // The offer is drawn in the theme inverted: both themes, desktop size (the walk's own).
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeFindings(page, `undo offered, focus on Undo (${colorScheme})`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(walker.messageCount);
  await expect(page.locator(selectors.undoToast)).toHaveCount(0);
  await expectFocusOn(heading);
  await expect.poll(() => activeRow(page)).toContain(LONG_LETTER);

  // j: the next message opens and focus is on the reading pane, so the arrows scroll it.
  await page.keyboard.press('j');
  await expect(subject).toHaveText(PHOTO_MESSAGE);
  await expectFocusOn(page.getByRole('region', { name: 'Message', exact: true }));
  await expect.poll(() => activeRow(page)).toContain(PHOTO_MESSAGE);

  // Sync from the keyboard: focus stays on the button, and the start and the end are announced.
  const announced = await recordAnnouncements(page);
  await tabTo(page, syncButton, { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  await expect.poll(announced).toEqual(['Syncing mail…', 'Sync finished.']);
  await expect(syncNow).toHaveAttribute('data-running', 'false');
  await expectFocusOn(syncButton);

  // Settings, and Escape back out: focus returns to the Settings entry that opened them.
  await tabTo(page, settings);
  await page.keyboard.press('Enter');
  await expect(settingsHeading).toBeVisible();
  await expectFocusOn(settings);
  const exportMbox = page.getByRole('button', { name: 'Export mbox' });
  await tabTo(page, exportMbox);
  expect(await axeFindings(page, 'settings, focus inside')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(settingsHeading).toHaveCount(0);
  await expect(walkerInbox).toHaveAttribute('aria-current', 'page');
  await expect(list).toBeVisible();
  await expectFocusOn(settings);
});

test('on a phone, a choice in the ☰ menu hands focus back to ☰, and Escape from the settings lands on the list', async ({ page, e2e }) => {
  test.setTimeout(90_000);
  await openWithTwoAccounts(page, e2e);
  await page.setViewportSize({ width: 390, height: 844 });
  const { walkerInbox, settings, settingsHeading, list } = controls(page);
  const menu = page.getByRole('banner').getByRole('button', { name: 'Accounts and settings' });

  // The account, from the folded sidebar: it folds away again and focus is back on ☰.
  await tabTo(page, menu);
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expectFocusOn(menu);
  await tabTo(page, walkerInbox);
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(list).toBeVisible();
  await expectFocusOn(menu);

  // A message replaces the list and takes focus; Escape gives it back to the list.
  await tabTo(page, list);
  await page.keyboard.press('Enter');
  await expectFocusOn(page.getByRole('heading', { level: 2, name: 'Five: the newest' }));
  await page.keyboard.press('Escape');
  await expectFocusOn(list);

  // The settings, from the menu, and Escape: the Settings entry is folded away, so the list.
  await tabTo(page, menu, { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  await tabTo(page, settings);
  await page.keyboard.press('Enter');
  await expect(settingsHeading).toBeVisible();
  await expectFocusOn(menu);
  await page.keyboard.press('Escape');
  await expect(settingsHeading).toHaveCount(0);
  await expectFocusOn(list);
});

test('dismissing the Undo offer from the keyboard puts focus back where it was before Tab reached the offer', async ({ page, e2e }) => {
  await openWithTwoAccounts(page, e2e);
  const { walkerInbox, list } = controls(page);
  await tabTo(page, walkerInbox);
  await page.keyboard.press('Enter');
  await tabTo(page, list);
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expectFocusOn(page.getByRole('heading', { level: 2, name: 'Five: the newest' }));
  await page.keyboard.press('#');
  await expect(page.locator(selectors.messageRow)).toHaveCount(e2e.users.walker.messageCount - 1);
  await expectFocusOn(list);

  // On to the offer, noting the control Tab leaves for it.
  const offer = page.getByRole('group', { name: 'Message deleted' });
  await tabTo(page, offer.getByRole('button', { name: 'Undo' }));
  await page.keyboard.press('Shift+Tab');
  const before = await page.evaluateHandle(() => document.activeElement);
  expect(await before.evaluate((element) => element !== null && element !== document.body && element.closest('[role="group"]') === null)).toBe(true);
  await page.keyboard.press('Tab');
  await tabTo(page, offer.getByRole('button', { name: 'Dismiss' }));
  await page.keyboard.press('Enter');
  await expect(offer).toHaveCount(0);
  expect(await before.evaluate((element) => element === document.activeElement), 'focus is back on the control before the offer').toBe(true);
  await expectVisibleFocus(page.locator(':focus'));
});

test("a button that works for a while keeps the focus of the key that pressed it: a policy's Save, then Export mbox", async ({ page, e2e }) => {
  await openWithTwoAccounts(page, e2e);
  const { settings, settingsHeading } = controls(page);
  await tabTo(page, settings);
  await page.keyboard.press('Enter');
  await expect(settingsHeading).toBeVisible();

  // Walker's row: the arrow keys choose another policy, and Save stores it.
  const row = page.getByTestId('account-policy').filter({ hasText: 'Walker' });
  await tabTo(page, row.getByRole('radio', { name: 'Leave mail on the server' }));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(row.getByRole('radio', { name: 'Delete from the server when I delete it here' })).toBeChecked();
  const save = row.getByRole('button', { name: 'Save' });
  await tabTo(page, save);
  await page.keyboard.press('Enter');
  await expect(row.getByRole('status')).toHaveText('Saved.');
  // Focus is still where the key was pressed, though nothing is left to save.
  await expectFocusOn(save);
  await expect(save).toHaveAttribute('aria-disabled', 'true');

  const exportMbox = page.getByRole('button', { name: 'Export mbox' });
  await tabTo(page, exportMbox);
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/\.mbox$/);
  await expect(exportMbox).toHaveText('Export mbox');
  await expectFocusOn(exportMbox);
});
