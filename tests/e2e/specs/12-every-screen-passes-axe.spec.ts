/**
 * axe-core over every screen a user reaches: the first screen with its account form, the inbox
 * after a sync, the reader on a plain, an HTML and an attachment message and on one whose
 * names carry a bidi override, the settings, and the remove-account alert (which must hold
 * focus and close on Escape). No critical, serious or moderate finding.
 */
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import { addAccount, openMessage, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { expect, test } from '../support/fixtures.ts';
import { selectors } from '../support/selectors.ts';

// axe is injected as an inline script, which the app's own CSP rightly refuses; the audit
// reads the DOM and is the same with or without it.
test.use({ bypassCSP: true });

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const BLOCKING = new Set(['critical', 'serious', 'moderate']);

interface Finding {
  screen: string;
  id: string;
  impact: string;
  targets: string[];
}

async function axeFindings(page: Page, screen: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> } }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', targets: v.nodes.map((n) => String(n.target.join(' '))) }));
  });
  return violations.filter((v) => BLOCKING.has(v.impact)).map((v) => ({ screen, ...v }));
}

test('every screen passes axe-core with no critical, serious or moderate finding', async ({ page, e2e }) => {
  test.setTimeout(90_000);
  const findings: Finding[] = [];
  await page.goto('/');
  await expect(page.locator(selectors.addAccount).first()).toBeVisible();
  findings.push(...(await axeFindings(page, 'first screen')));

  await addAccount(page, { name: 'Screens', target: e2e.targets.implicitTls, user: e2e.users.screens });
  await syncNow(page);
  const stored = await waitForStoredMessages(page, e2e.users.screens, 4, { complete: true });
  findings.push(...(await axeFindings(page, 'inbox')));

  for (const message of stored) {
    await openMessage(page, message.uid);
    await expect(page.locator(selectors.messageReader)).toBeVisible();
    await expect(page.locator(selectors.messageSubject)).toBeVisible();
    findings.push(...(await axeFindings(page, `reader: ${message.subject}`)));
  }

  await page.locator(selectors.settings).first().click().catch(async () => {
    await page.getByRole('button', { name: 'Accounts and settings' }).click();
    await page.locator(selectors.settings).first().click();
  });
  await expect(page.locator(selectors.storageUsage).first()).toBeVisible();
  findings.push(...(await axeFindings(page, 'settings')));

  // The remove-account alert: reached from the keyboard, it holds focus and Escape leaves it.
  await page.getByRole('button', { name: 'Edit Screens' }).click();
  await page.getByTestId('account-remove').click();
  const alert = page.getByRole('alertdialog');
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('button', { name: 'Keep it' })).toBeFocused();
  findings.push(...(await axeFindings(page, 'remove-account alert')));
  await page.keyboard.press('Escape');
  await expect(alert).toBeHidden();
  await expect(page.getByTestId('account-remove')).toBeVisible();

  console.log(JSON.stringify({ screensChecked: stored.length + 4, findings }, null, 2));
  expect(findings).toEqual([]);
});
