// Takes the README's screenshots from a running Satchel (the demo is enough):
//   npm start &   then   node scripts/take-screenshots.mjs http://localhost:8080
// Writes docs/screenshots/inbox*.png and reader-html*.png: desktop and phone, light and dark.
// Emoji in the demo's subjects need a colour emoji font (Debian: fonts-noto-color-emoji).
import { mkdir } from 'node:fs/promises';
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://localhost:8080';
const out = new URL('../docs/screenshots/', import.meta.url).pathname;
await mkdir(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// Each look: desktop and phone, light and dark. Desktop light keeps the names the README had.
const LOOKS = [
  { suffix: '', viewport: { width: 1280, height: 800 }, colorScheme: 'light', phone: false },
  { suffix: '-dark', viewport: { width: 1280, height: 800 }, colorScheme: 'dark', phone: false },
  { suffix: '-phone', viewport: { width: 390, height: 844 }, colorScheme: 'light', phone: true },
  { suffix: '-phone-dark', viewport: { width: 390, height: 844 }, colorScheme: 'dark', phone: true },
];

try {
  for (const look of LOOKS) {
    const context = await browser.newContext({ viewport: look.viewport, colorScheme: look.colorScheme, isMobile: look.phone, hasTouch: look.phone, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByTestId('message-row').first().waitFor();
    await page.getByTestId('sync-now').and(page.locator('[data-running="false"]')).waitFor();
    // The "installed for offline use" banner comes once the service worker is ready.
    const dismiss = page.getByRole('button', { name: 'OK' });
    await dismiss.click({ timeout: 10_000 }).catch(() => {});
    await page.screenshot({ path: `${out}inbox${look.suffix}.png` });

    await page.getByTestId('message-row').filter({ hasText: 'Offline Monthly: the November issue' }).click();
    await page.getByTestId('message-frame').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}reader-html${look.suffix}.png` });
    await context.close();
  }
} finally {
  await browser.close();
}
