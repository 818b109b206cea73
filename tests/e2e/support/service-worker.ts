/**
 * Waiting for the app shell to be ready offline: the service worker is activated and
 * controls this page. Going offline before that would test the network, not Satchel.
 */
import { expect, type Page } from '@playwright/test';

/**
 * Waits for an activated service worker, then for it to control the page. Satchel's worker
 * does not claim open pages (registerType 'prompt': a new version never takes over a page
 * mid-sync), so the page that registered it is reloaded once to come under its control.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker !== null && worker.state !== 'activated') {
      await new Promise<void>((resolve) => {
        worker.addEventListener('statechange', () => {
          if (worker.state === 'activated') resolve();
        });
      });
    }
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { message: 'a service worker controls the page' }).toBe(true);
}
