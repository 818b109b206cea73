// Takes the README's screenshots from a running Satchel (the demo is enough):
//   npm start &   then   node scripts/take-screenshots.mjs http://localhost:8080
// Writes docs/screenshots/inbox.png and docs/screenshots/reader-html.png.
import { mkdir } from 'node:fs/promises';
import { chromium } from '@playwright/test';

const url = process.argv[2] ?? 'http://localhost:8080';
const out = new URL('../docs/screenshots/', import.meta.url).pathname;
await mkdir(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.getByTestId('message-row').first().waitFor();
  await page.getByTestId('sync-now').and(page.locator('[data-running="false"]')).waitFor();
  const dismiss = page.getByRole('button', { name: 'OK' });
  if (await dismiss.isVisible()) await dismiss.click();
  await page.screenshot({ path: `${out}inbox.png` });

  await page.getByTestId('message-row').filter({ hasText: 'Offline Monthly: the November issue' }).click();
  await page.getByTestId('message-frame').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}reader-html.png` });
} finally {
  await browser.close();
}
