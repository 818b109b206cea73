/**
 * The shell for everyone: axe-core finds nothing critical, serious or moderate on any screen
 * (no accounts, add account, inbox, reader, settings, shortcut help, password needed) at desktop and phone sizes in the
 * light and dark themes, and every screen has one <main>; the Gmail keys move the open message
 * and focus as the help sheet says; and the connection indicator follows Satchel's server
 * when it is stopped and started again, and the browser going offline.
 */
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { loadConfig, startBridge, type RunningBridge } from '../../../bridge/index.ts';
import { addAccount, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { axeFindings, type AxeFinding } from '../support/axe-findings.ts';
import { inEveryLook, SCHEMES, SIZES } from '../support/every-look.ts';
import { expect, test } from '../support/fixtures.ts';
import { messageRows, selectors } from '../support/selectors.ts';


/** Clicks a sidebar control, opening the ☰ menu first where the sidebar is folded away. */
async function sidebarClick(page: Page, selector: string): Promise<void> {
  const target = page.locator(selector).first();
  if (!(await target.isVisible())) await page.getByTestId('menu').click();
  await target.click();
}

/** Axe findings on this screen plus a missing or doubled <main>. */
async function auditScreen(page: Page, screen: string): Promise<AxeFinding[]> {
  const mains = await page.locator('main').count();
  const landmark: AxeFinding[] = mains === 1 ? [] : [{ screen, id: 'one-main-landmark', impact: 'moderate', targets: [`${mains} <main> elements`] }];
  return [...landmark, ...(await axeFindings(page, screen))];
}

test('every shell screen passes axe at desktop and phone sizes, light and dark, each with one <main>', async ({ page, e2e }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await expect(page.locator(selectors.addAccount).first()).toBeAttached();

  const findings = await inEveryLook(page, async (look) => {
    const found: AxeFinding[] = [];
    await sidebarClick(page, selectors.unifiedInbox);
    await expect(page.locator(selectors.emptyInbox)).toBeVisible();
    found.push(...(await auditScreen(page, `no accounts (${look})`)));
    await sidebarClick(page, selectors.addAccount);
    await expect(page.locator(selectors.accountName)).toBeVisible();
    found.push(...(await auditScreen(page, `add account (${look})`)));
    return found;
  });

  await page.setViewportSize({ width: 1280, height: 800 });
  await addAccount(page, { name: 'Shell', target: e2e.targets.implicitTls, user: e2e.users.shell });
  await waitForStoredMessages(page, e2e.users.shell, e2e.users.shell.messageCount, { complete: true });

  findings.push(
    ...(await inEveryLook(page, async (look) => {
      const found: AxeFinding[] = [];
      await sidebarClick(page, selectors.unifiedInbox);
      await expect(messageRows(page).first()).toBeVisible();
      found.push(...(await auditScreen(page, `inbox (${look})`)));
      await messageRows(page).first().click();
      await expect(page.locator(selectors.messageSubject)).toBeVisible();
      found.push(...(await auditScreen(page, `reader (${look})`)));
      await page.locator(selectors.closeMessage).click();
      await page.locator('body').press('?');
      await expect(page.getByTestId('shortcut-help')).toBeVisible();
      found.push(...(await axeFindings(page, `shortcut help (${look})`)));
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('shortcut-help')).toBeHidden();
      await sidebarClick(page, selectors.settings);
      await expect(page.locator(selectors.storageUsage).first()).toBeVisible();
      found.push(...(await auditScreen(page, `settings (${look})`)));
      return found;
    })),
  );

  // Reopened, the password is not held: the sidebar's "password needed" badge and the prompt.
  await page.reload();
  findings.push(
    ...(await inEveryLook(page, async (look) => {
      // The account's own inbox: its sidebar entry is current, the badge on its highlight.
      await sidebarClick(page, selectors.accountItem);
      await expect(page.locator(selectors.passwordPrompt)).toBeVisible();
      await expect(page.locator(selectors.accountItem).filter({ hasText: 'password needed' })).toBeAttached();
      return auditScreen(page, `inbox, password needed (${look})`);
    })),
  );

  console.log(JSON.stringify({ screensChecked: 7 * SIZES.length * SCHEMES.length, findings }, null, 2));
  expect(findings).toEqual([]);
});

/** How far the page scrolls sideways, and the visible elements that reach past the window's right edge. */
async function sideways(page: Page): Promise<{ scroll: number; pastTheEdge: string[] }> {
  return page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    pastTheEdge: Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > window.innerWidth + 0.5 && el.closest('[role="listbox"]') === null)
      .filter((el) => !Array.from(el.children).some((child) => child.getBoundingClientRect().right > window.innerWidth + 0.5))
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset['testid'] ? `[data-testid=${el.dataset['testid']}]` : ''}: ${(el.textContent ?? '').trim().slice(0, 30)}`),
  }));
}

test('at 320 px wide with a 24 px default font no screen scrolls sideways (WCAG 1.4.10)', async ({ page, e2e }) => {
  test.setTimeout(90_000);
  // What a user sets as "Font size" in Chromium's settings; 320 CSS px is 1280 px at 400 % zoom.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24 } });
  await page.setViewportSize({ width: 320, height: 720 });
  await page.goto('/');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('24px');
  const found: Record<string, Awaited<ReturnType<typeof sideways>>> = {};
  await sidebarClick(page, selectors.addAccount);
  await expect(page.locator(selectors.accountName)).toBeVisible();
  found['add account'] = await sideways(page);
  // addAccount opens the form from the sidebar, which is folded away at 320 px.
  await page.setViewportSize({ width: 1280, height: 800 });
  await addAccount(page, { name: 'Reflow', target: e2e.targets.implicitTls, user: e2e.users.shell });
  await waitForStoredMessages(page, e2e.users.shell, e2e.users.shell.messageCount, { complete: true });
  await page.setViewportSize({ width: 320, height: 720 });
  await sidebarClick(page, selectors.unifiedInbox);
  await expect(messageRows(page).first()).toBeVisible();
  found['inbox'] = await sideways(page);
  await messageRows(page).first().click();
  await expect(page.locator(selectors.messageSubject)).toBeVisible();
  found['reader'] = await sideways(page);
  await page.locator(selectors.closeMessage).click();
  await sidebarClick(page, selectors.settings);
  await expect(page.locator(selectors.storageUsage).first()).toBeVisible();
  found['settings'] = await sideways(page);
  await page.reload();
  await sidebarClick(page, selectors.accountItem);
  await expect(page.locator(selectors.passwordPrompt)).toBeVisible();
  found['inbox, password needed'] = await sideways(page);
  const clean = { scroll: 0, pastTheEdge: [] };
  expect(found).toEqual({ 'add account': clean, inbox: clean, reader: clean, settings: clean, 'inbox, password needed': clean });
});

test('the ☰ button is hidden where the sidebar always shows, and says whether it is open where it folds; a button opens the shortcut sheet', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  const menu = page.getByTestId('menu');
  await expect(page.locator(selectors.settings).first()).toBeVisible();
  await expect(menu).toBeHidden();
  // The shortcut sheet has a button too, for those who do not know the ? key yet.
  await page.getByTestId('shortcuts').click();
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toBeHidden();
  await expect(page.getByTestId('shortcuts')).toBeFocused();

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(menu).toBeVisible();
  await expect(page.locator(selectors.settings).first()).toBeHidden();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toHaveAttribute('aria-controls', 'sidebar');
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#sidebar').locator(selectors.settings)).toBeVisible();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator(selectors.settings).first()).toBeHidden();
});

test('on a 390 px phone the header keeps ☰, the status and "Sync now" on one row', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const menu = (await page.getByTestId('menu').boundingBox())!;
  const sync = (await page.locator(selectors.syncNow).boundingBox())!;
  const status = (await page.getByTestId('online-status').boundingBox())!;
  const rowMiddle = menu.y + menu.height / 2;
  for (const [name, box] of [['Sync now', sync], ['status', status]] as const) {
    expect(Math.abs(box.y + box.height / 2 - rowMiddle), `${name} sits on the ☰ row`).toBeLessThan(4);
    expect(box.x + box.width, `${name} stays on the screen`).toBeLessThanOrEqual(390);
  }
  // The name stays for screen readers even where only the logo shows.
  await expect(page.getByRole('heading', { level: 1, name: 'Satchel' })).toBeAttached();
});

test('the "installed for offline use" banner docks below the mail: it covers no row and leaves the header at the top', async ({ page, e2e }) => {
  test.setTimeout(60_000);
  // A short window, where an overlay at the bottom sat on top of the rows (spec 13 could not click one).
  await page.setViewportSize({ width: 780, height: 437 });
  await page.goto('/');
  await addAccount(page, { name: 'Banner', target: e2e.targets.implicitTls, user: e2e.users.shell });
  await waitForStoredMessages(page, e2e.users.shell, e2e.users.shell.messageCount, { complete: true });
  const banner = page.getByTestId('update-banner');
  await expect(banner).toBeVisible({ timeout: 20_000 });
  const bannerBox = (await banner.boundingBox())!;
  const listBox = (await page.locator(selectors.messageList).boundingBox())!;
  expect(listBox.y + listBox.height, 'the list ends where the banner begins').toBeLessThanOrEqual(bannerBox.y + 0.5);
  expect((await page.locator('header').first().boundingBox())!.y).toBe(0);
  expect(await inEveryLook(page, (look) => axeFindings(page, `installed banner (${look})`, '[data-testid="update-banner"]'))).toEqual([]);
  // Every row shown can be clicked: none sits under the banner.
  await messageRows(page).last().scrollIntoViewIfNeeded();
  await messageRows(page).last().click({ timeout: 5_000 });
  await expect(page.locator(selectors.messageReader)).toBeVisible();
});

test('the theme setting overrides the system and is kept across a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await page.locator(selectors.settings).first().click();
  await page.getByTestId('theme-dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const paper = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(await paper()).toBe('rgb(28, 23, 20)');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await paper()).toBe('rgb(28, 23, 20)');

  await page.locator(selectors.settings).first().click();
  await page.getByTestId('theme-system').check();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.*/);
  expect(await paper()).toBe('rgb(250, 246, 240)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await paper()).toBe('rgb(28, 23, 20)');
});

test('j, k, o, u, Esc and ? move the open message and focus; typing in a field is never a shortcut', async ({ page, e2e }) => {
  test.setTimeout(60_000);
  await page.goto('/');
  await addAccount(page, { name: 'Keys', target: e2e.targets.implicitTls, user: e2e.users.shell });
  await waitForStoredMessages(page, e2e.users.shell, e2e.users.shell.messageCount, { complete: true });
  await expect(messageRows(page)).toHaveCount(e2e.users.shell.messageCount);
  // Screen readers heard the sync end; the ticking "Last synced" line is no live region.
  await expect(page.getByTestId('sync-announcer')).toHaveText('Sync finished.');
  expect(await page.locator(selectors.syncStatus).evaluate((line) => line.closest('[role="status"], [role="alert"], [role="log"], [aria-live]') === null)).toBe(true);
  const rows = messageRows(page);
  const list = page.locator(selectors.messageList);
  const readerPane = page.locator('#reader-pane');
  const focused = (locator: ReturnType<Page['locator']>) => expect(locator).toBeFocused();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

  // Nothing open: the first row is not drawn as if it were.
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'false');
  expect(await rows.nth(0).evaluate((row) => getComputedStyle(row).outlineStyle)).toBe('none');

  await page.keyboard.press('j');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator(selectors.messageReader)).toBeVisible();
  await focused(readerPane);

  await page.keyboard.press('j');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('k');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await focused(readerPane);

  await page.keyboard.press('u');
  await expect(page.locator(selectors.messageReader)).toBeHidden();
  await focused(list);

  await page.keyboard.press('o');
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await focused(readerPane);
  await page.keyboard.press('Escape');
  await expect(page.locator(selectors.messageReader)).toBeHidden();
  await focused(list);

  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  await focused(page.getByTestId('shortcut-help-close'));
  await expect(help.locator('kbd')).toContainText(['j', 'k', 'o', 'Enter', 'u', 'Esc', '#', 'Delete', '/', '?']);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await focused(list);

  // # deletes the open message here; the list loses that row.
  await page.keyboard.press('j');
  await focused(readerPane);
  await page.keyboard.press('#');
  await expect(rows).toHaveCount(e2e.users.shell.messageCount - 1);
  await focused(list);

  // In a field, the same keys are text.
  await page.locator(selectors.addAccount).first().click();
  const name = page.locator(selectors.accountName);
  await name.click();
  await page.keyboard.type('jk?/#u');
  await expect(name).toHaveValue('jk?/#u');
  await expect(help).toBeHidden();
});

test('each account’s sync problem shows at the same time', async ({ page, e2e }) => {
  await page.goto('/');
  const wrong = { ...e2e.users.shell, password: 'not-the-password' };
  await addAccount(page, { name: 'First wrong', target: e2e.targets.implicitTls, user: wrong });
  await expect(page.locator(selectors.syncError)).toHaveCount(1, { timeout: 30_000 });
  await addAccount(page, { name: 'Second wrong', target: e2e.targets.implicitTls, user: wrong });
  const problems = page.locator(selectors.syncError);
  await expect(problems).toHaveCount(2, { timeout: 30_000 });
  await expect(problems.nth(0)).toContainText('First wrong');
  await expect(problems.nth(1)).toContainText('Second wrong');
  await problems.nth(0).getByRole('button', { name: /Dismiss/ }).click();
  await expect(problems).toHaveCount(1);
  await expect(problems.first()).toContainText('Second wrong');
});

test('the indicator says when Satchel’s server stops and, within seconds, when it is back; offline says offline', async ({ page, context, e2e }) => {
  test.setTimeout(90_000);
  const config = (port: number) =>
    loadConfig(
      {
        listen: { host: '127.0.0.1', port },
        upstreamCaFile: e2e.dovecot.caCertFile,
        targets: [{ name: 'dovecot-tls', label: 'Dovecot, implicit TLS', host: e2e.dovecot.tlsHostname, port: e2e.dovecot.pop3sPort, tls: 'implicit', allowLocal: true }],
        staticDir: join(resolve(import.meta.dirname, '..', '..', '..'), 'dist', 'web'),
      },
      process.cwd(),
    );
  let bridge: RunningBridge = await startBridge(config(0));
  const port = Number(new URL(bridge.url).port);
  try {
    const indicator = page.locator(`${selectors.onlineStatus} [role="status"]`);
    await page.goto(bridge.url);
    await expect(indicator).toHaveAttribute('data-state', 'online');
    await expect(indicator).toHaveText('Online');
    await addAccount(page, { name: 'Link', target: 'dovecot-tls', user: e2e.users.shell });
    await waitForStoredMessages(page, e2e.users.shell, e2e.users.shell.messageCount, { complete: true });

    // Stopped: the next probe (15 s at most) or a failed sync, whichever first, says so.
    await bridge.close();
    const stoppedAt = Date.now();
    await expect(indicator).toHaveAttribute('data-state', 'unreachable', { timeout: 20_000 });
    await expect(indicator).not.toHaveText(/Online|bridge/i);
    console.log(JSON.stringify({ unreachableShownAfterMs: Date.now() - stoppedAt }));
    await syncNow(page);
    await expect(page.locator(selectors.syncError).first()).toContainText('can’t be reached', { timeout: 30_000 });

    bridge = await startBridge(config(port));
    const startedAt = Date.now();
    await expect(indicator).toHaveAttribute('data-state', 'online', { timeout: 8_000 });
    console.log(JSON.stringify({ onlineShownAfterMs: Date.now() - startedAt }));

    await context.setOffline(true);
    await expect(indicator).toHaveAttribute('data-state', 'offline');
    await syncNow(page);
    const notice = page.locator(selectors.syncError).first();
    await expect(notice).toContainText('You’re offline', { timeout: 30_000 });
    await expect(notice).not.toContainText('dropped');
    await context.setOffline(false);
  } finally {
    await bridge.close().catch(() => undefined);
  }
});
