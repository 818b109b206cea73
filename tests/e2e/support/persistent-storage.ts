/**
 * Persistent storage (navigator.storage.persist()) is granted by Chromium's own heuristics,
 * which a fresh headless profile never meets. Setting the `persistent-storage` permission
 * over CDP, for this context and origin, stands for the engagement a real user would have.
 * (Browser.grantPermissions with `durableStorage` did not change persist()'s answer here.)
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { selectors } from './selectors.ts';

export async function grantPersistentStorage(browser: Browser, context: BrowserContext, page: Page, origin: string): Promise<void> {
  const pageSession = await context.newCDPSession(page);
  const { targetInfo } = (await pageSession.send('Target.getTargetInfo')) as { targetInfo: { browserContextId?: string } };
  await pageSession.detach();
  const browserSession = await browser.newBrowserCDPSession();
  await browserSession.send('Browser.setPermission', {
    origin,
    permission: { name: 'persistent-storage' },
    setting: 'granted',
    ...(targetInfo.browserContextId === undefined ? {} : { browserContextId: targetInfo.browserContextId }),
  });
  // Not detached: Chromium drops a session's permission overrides when the session goes.
  // It ends with the browser.
}

/**
 * The same grant for the default context of a browser reached over connectOverCDP (a
 * profile's own context): Chromium knows it by no id, and refuses the id CDP reports for it.
 */
export async function grantPersistentStorageToDefaultContext(browser: Browser, origin: string): Promise<void> {
  const browserSession = await browser.newBrowserCDPSession();
  // Not detached, as above.
  await browserSession.send('Browser.setPermission', { origin, permission: { name: 'persistent-storage' }, setting: 'granted' });
}

/**
 * Has the app ask for persistent storage in its settings once `grant` has granted it, as
 * spec 06 does; resolves once the settings page says it is persistent (a delete policy
 * DELEs only then).
 */
export async function persistStorageInApp(page: Page, grant: () => Promise<void>): Promise<void> {
  await grant();
  await page.locator(selectors.settings).click();
  const persisted = page.locator(selectors.storagePersisted);
  await expect(persisted).toHaveAttribute('data-persisted', /^(true|false)$/);
  if ((await persisted.getAttribute('data-persisted')) === 'false') await page.locator(selectors.persistStorage).click();
  await expect(persisted).toHaveAttribute('data-persisted', 'true');
}
