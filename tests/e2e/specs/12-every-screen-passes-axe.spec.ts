/**
 * axe-core over every screen a user reaches: the first screen with its account form, the inbox
 * after a sync, the reader on a plain, an HTML and an attachment message and on one whose
 * names carry a bidi override, the settings, an account's form, and the remove-account alert (which must hold
 * focus and close on Escape). No critical, serious or moderate finding at desktop and phone
 * sizes, in the light and dark themes.
 */
import type { Page } from '@playwright/test';
import { axeFindings, type AxeFinding } from '../support/axe-findings.ts';
import { inEveryLook } from '../support/every-look.ts';
import { addAccount, openMessage, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { expect, test } from '../support/fixtures.ts';
import { selectors } from '../support/selectors.ts';

/** The screen as it is now, audited at desktop and phone sizes, light and dark. */
function everyLook(page: Page, screen: string): Promise<AxeFinding[]> {
  return inEveryLook(page, (look) => axeFindings(page, `${screen} (${look})`));
}

test('every screen passes axe-core with no critical, serious or moderate finding', async ({ page, e2e }) => {
  test.setTimeout(90_000);
  const findings: AxeFinding[] = [];
  await page.goto('/');
  await expect(page.locator(selectors.addAccount).first()).toBeVisible();
  findings.push(...(await everyLook(page, 'first screen')));

  await addAccount(page, { name: 'Screens', target: e2e.targets.implicitTls, user: e2e.users.screens });
  await syncNow(page);
  const stored = await waitForStoredMessages(page, e2e.users.screens, 4, { complete: true });
  findings.push(...(await everyLook(page, 'inbox')));

  for (const message of stored) {
    await openMessage(page, message.uid);
    await expect(page.locator(selectors.messageReader)).toBeVisible();
    await expect(page.locator(selectors.messageSubject)).toBeVisible();
    findings.push(...(await everyLook(page, `reader: ${message.subject}`)));
  }

  await page.locator(selectors.settings).first().click().catch(async () => {
    await page.getByRole('button', { name: 'Accounts and settings' }).click();
    await page.locator(selectors.settings).first().click();
  });
  await expect(page.locator(selectors.storageUsage).first()).toBeVisible();
  findings.push(...(await everyLook(page, 'settings')));

  // The remove-account alert: reached from the keyboard, it holds focus and Escape leaves it.
  await page.getByRole('button', { name: 'Edit Screens' }).click();
  await expect(page.getByTestId('account-remove')).toBeVisible();
  findings.push(...(await everyLook(page, 'edit account')));
  await page.getByTestId('account-remove').click();
  const alert = page.getByRole('alertdialog');
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('button', { name: 'Keep it' })).toBeFocused();
  findings.push(...(await everyLook(page, 'remove-account alert')));
  await page.keyboard.press('Escape');
  await expect(alert).toBeHidden();
  await expect(page.getByTestId('account-remove')).toBeVisible();

  console.log(JSON.stringify({ screensChecked: (stored.length + 5) * 4, findings }, null, 2));
  expect(findings).toEqual([]);
});
