/**
 * The user opens Satchel and the browser offers to install it: the manifest is valid, the
 * service worker controls the page, and Chromium reports no installability error.
 * Installability is checked in a persistent context: the default contexts are incognito,
 * where Chromium never offers installation.
 */
import { chromium } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { CHROMIUM_LAUNCH_OPTIONS } from '../support/chromium.ts';
import { waitForServiceWorkerControl } from '../support/service-worker.ts';

interface InstallabilityError {
  errorId: string;
  errorArguments: Array<{ name: string; value: string }>;
}

test('Chromium finds Satchel installable: a manifest, a service worker, no installability errors', async ({ baseURL }, testInfo) => {
  const context = await chromium.launchPersistentContext(testInfo.outputPath('profile'), { ...CHROMIUM_LAUNCH_OPTIONS, headless: true });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseURL}/`);

    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(manifestHref).not.toBeNull();
    const manifestResponse = await page.request.get(new URL(manifestHref ?? '', page.url()).href);
    expect(manifestResponse.ok()).toBe(true);
    const manifest = (await manifestResponse.json()) as { name?: string; start_url?: string; display?: string; icons?: Array<{ sizes?: string }> };
    expect(manifest.name).toBe('Satchel');
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons?.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));

    await waitForServiceWorkerControl(page);
    expect(context.serviceWorkers().map((worker) => new URL(worker.url()).pathname)).toContain('/sw.js');

    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: InstallabilityError[] };
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('the app shell starts with no network once the service worker is in control', async ({ page, context, baseURL }) => {
  await page.goto(`${baseURL}/`);
  await waitForServiceWorkerControl(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('#app')).not.toBeEmpty();
  await expect(page).toHaveTitle('Satchel');
});
