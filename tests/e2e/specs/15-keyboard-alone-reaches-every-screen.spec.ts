/**
 * A user with a keyboard and no mouse: adds an account, syncs, opens a message from the list,
 * reaches the settings, and opens and leaves the remove-account alert. Every control is reached
 * with Tab (never focused by the test), and every focused control shows a visible focus
 * indicator.
 */
import { waitForStoredMessages } from '../support/app-actions.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectVisibleFocus, tabTo } from '../support/keyboard-focus.ts';
import { selectors } from '../support/selectors.ts';

test('the keyboard alone adds an account, syncs, reads a message, and reaches settings and the remove alert', async ({ page, e2e }) => {
  test.setTimeout(60_000);
  const user = e2e.users.keyboard;
  await page.goto('/');
  await expect(page.locator(selectors.addAccount).first()).toBeVisible();

  await tabTo(page, page.locator(selectors.addAccount).first());
  await page.keyboard.press('Enter');
  await tabTo(page, page.locator(selectors.accountName));
  await page.keyboard.type('Keys only');
  await tabTo(page, page.locator(selectors.accountTarget));
  const options = await page.locator(`${selectors.accountTarget} option`).evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
  const wanted = options.indexOf(e2e.targets.implicitTls);
  expect(wanted).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('Home');
  for (let step = 0; step < wanted; step++) await page.keyboard.press('ArrowDown');
  await expect(page.locator(selectors.accountTarget)).toHaveValue(e2e.targets.implicitTls);
  await tabTo(page, page.locator(selectors.accountUser));
  await page.keyboard.type(user.user);
  await tabTo(page, page.locator(selectors.accountPassword));
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await expect(page.locator(selectors.accountItem).filter({ hasText: 'Keys only' })).toBeVisible();
  await waitForStoredMessages(page, user, user.messageCount, { complete: true });

  const list = page.locator(selectors.messageList);
  await tabTo(page, list);
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(page.locator(selectors.messageReader)).toBeVisible();
  await expect(page.locator(selectors.messageSubject)).not.toBeEmpty();

  await tabTo(page, page.getByRole('button', { name: 'Edit Keys only' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByTestId('account-remove'));
  await page.keyboard.press('Enter');
  const alert = page.getByRole('alertdialog');
  await expect(alert.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await expectVisibleFocus(alert.getByRole('button', { name: 'Keep it' }));
  await page.keyboard.press('Escape');
  await expect(alert).toBeHidden();

  // The account form is left as a dialog is: Escape (from a button or from inside a field) or
  // Cancel, each with focus on the account's list after it, drawn.
  const form = page.getByRole('heading', { level: 2, name: 'Edit Keys only' });
  await expect(form).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(list).toBeFocused();
  await expectVisibleFocus(list);
  await tabTo(page, page.getByRole('button', { name: 'Edit Keys only' }), { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  await tabTo(page, page.locator(selectors.accountUser));
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(list).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Edit Keys only' }), { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Cancel', exact: true }));
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(list).toBeFocused();
  await expectVisibleFocus(list);

  await tabTo(page, page.locator(selectors.settings).first());
  await page.keyboard.press('Enter');
  await expect(page.locator(selectors.storageUsage).first()).toBeVisible();
});
