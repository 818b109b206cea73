/** Issue 19: every screen is checked at desktop and phone sizes, in the light and dark themes. */
import type { Page } from '@playwright/test';

export const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
export const SCHEMES = ['light', 'dark'] as const;

/**
 * Runs `visit` once in each size and scheme and gathers what it returns; then puts back the
 * viewport the page had and the system's colour scheme.
 */
export async function inEveryLook<T>(page: Page, visit: (look: string) => Promise<T[]>): Promise<T[]> {
  const before = page.viewportSize();
  const found: T[] = [];
  for (const size of SIZES) {
    for (const colorScheme of SCHEMES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.emulateMedia({ colorScheme });
      found.push(...(await visit(`${size.name}, ${colorScheme}`)));
    }
  }
  if (before !== null) await page.setViewportSize(before);
  await page.emulateMedia({ colorScheme: null });
  return found;
}
