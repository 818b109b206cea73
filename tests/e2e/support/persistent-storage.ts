/**
 * Persistent storage (navigator.storage.persist()) is granted by Chromium's own heuristics,
 * which a fresh headless profile never meets. Setting the `persistent-storage` permission
 * over CDP, for this context and origin, stands for the engagement a real user would have.
 * (Browser.grantPermissions with `durableStorage` did not change persist()'s answer here.)
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';

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
