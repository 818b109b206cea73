/**
 * Moving with the keyboard alone and checking where focus is: the specs reach controls with
 * Tab (never by focusing them) and check that the focused control shows it.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, then checks that focus shows; fails if
 * it is not reached within `limit` presses.
 */
export async function tabTo(page: Page, target: Locator, options: { key?: 'Tab' | 'Shift+Tab'; limit?: number } = {}): Promise<void> {
  const { key = 'Tab', limit = 60 } = options;
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) {
      await expectVisibleFocus(target);
      return;
    }
    await page.keyboard.press(key);
  }
  throw new Error(`not reached with ${limit} presses of ${key}: ${target.toString()}`);
}

/**
 * :focus-visible draws an outline or a box shadow (the browser's own ring counts). For a frame,
 * on what has focus inside it: the page cannot draw on a frame it cannot see into.
 */
export async function expectVisibleFocus(target: Locator): Promise<void> {
  const isFrame = await target.evaluate((element) => element instanceof HTMLIFrameElement);
  const focused = isFrame ? target.contentFrame().locator(':focus') : target;
  const drawn = await focused.evaluate((element) => {
    if (!element.matches(':focus-visible')) return false;
    const style = getComputedStyle(element);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  });
  expect(drawn, `${target.toString()} shows where focus is`).toBe(true);
}

/** Focus is on `target` (a role-and-name locator, so the check is which control it is) and shows. */
export async function expectFocusOn(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  await expectVisibleFocus(target);
}
