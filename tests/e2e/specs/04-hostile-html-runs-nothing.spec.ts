/**
 * The user opens an HTML message that tries everything: <script>, onload/onerror handlers,
 * a form, a meta refresh, javascript: links, remote images and stylesheets, nested frames.
 * Nothing runs, nothing leaves for another host, until the user asks for remote content;
 * then only the remote loads are attempted, and still no script runs.
 *
 * The service worker is blocked here so that context.route sees every request the page and
 * its frames make (a worker's own fetches would bypass it); offline starts are spec 03's.
 */
import type { Dialog, Page } from '@playwright/test';
import { addAccount, openMessage, syncNow, waitForStoredMessages } from '../support/app-actions.ts';
import { expect, test } from '../support/fixtures.ts';
import { HOSTILE_SUBJECT, REMOTE_HOST, REMOTE_IMAGE_URL } from '../support/hostile-message.ts';
import { messageFrame, selectors } from '../support/selectors.ts';

test.use({ serviceWorkers: 'block' });

test('a hostile HTML message runs no script and loads nothing remote until the user shows remote content', async ({ page, context, baseURL, e2e }) => {
  const appOrigin = new URL(baseURL ?? '').origin;
  const requests: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    requests.push(url);
    // The app's own origin only; anything else is recorded and never reaches the network.
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === appOrigin) await route.continue();
    else await route.abort('blockedbyclient');
  });
  const dialogs: string[] = [];
  const onDialog = (dialog: Dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  };
  page.on('dialog', onDialog);
  const popups: string[] = [];
  context.on('page', (opened: Page) => {
    popups.push(opened.url());
    opened.on('dialog', onDialog);
  });
  const foreign = () => requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== appOrigin);

  await page.goto('/');
  await addAccount(page, { name: 'Hostile', target: e2e.targets.implicitTls, user: e2e.users.hostile });
  await syncNow(page);
  const [stored] = await waitForStoredMessages(page, e2e.users.hostile, 1, { complete: true });
  expect(stored?.subject).toBe(HOSTILE_SUBJECT);

  await openMessage(page, stored?.uid ?? '');
  const frameElement = page.locator(selectors.messageFrame);
  await expect(frameElement).toBeVisible();
  const sandbox = (await frameElement.getAttribute('sandbox')) ?? '';
  expect(await frameElement.getAttribute('sandbox'), 'the frame is sandboxed').not.toBeNull();
  expect(sandbox.split(/\s+/)).not.toContain('allow-scripts');
  expect(sandbox.split(/\s+/)).not.toContain('allow-same-origin');
  await expect(messageFrame(page).locator('h1')).toHaveText('Hostile HTML');

  // Give anything that would fire (meta refresh at 0 s, onload, onerror) its chance: the
  // frame's document has loaded, then a moment more. (networkidle never comes: the app keeps
  // its tunnel and timers going.)
  await (await frameElement.elementHandle())?.contentFrame().then((frame) => frame?.waitForLoadState('load'));
  await page.waitForTimeout(750);
  await messageFrame(page).locator('a', { hasText: 'a javascript: link' }).click({ noWaitAfter: true }).catch(() => {
    // The sanitizer may have removed the link altogether; that is a pass too.
  });
  await page.waitForTimeout(500);
  expect(dialogs, 'no dialog from the message').toEqual([]);
  expect(popups, 'no window opened by the message').toEqual([]);
  expect(foreign(), 'no request to any host but the app').toEqual([]);
  expect(new URL(page.url()).origin, 'the meta refresh did not navigate the app away').toBe(appOrigin);

  await page.locator(selectors.showRemoteContent).click();
  await expect.poll(() => foreign(), { message: 'the remote image is requested once the user asks' }).toContain(REMOTE_IMAGE_URL);
  await page.waitForTimeout(750);
  const attempted = foreign();
  expect(attempted.every((url) => new URL(url).hostname === REMOTE_HOST), 'only the message\'s remote host').toBe(true);
  // Remote content means images and styles, never script: no beacon from a handler or a script.
  expect(attempted.filter((url) => /-ran$|\/form$|\/meta-refresh$|\/inner-frame$|\.swf$/.test(url))).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(popups).toEqual([]);
});
