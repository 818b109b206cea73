import { defineConfig } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './tests/e2e/support/chromium.ts';

/**
 * End-to-end: real Chromium (Debian's), real bridge, real Dovecot. The global setup starts
 * Dovecot and the bridge once (serving dist/web, so run `npm run build` first).
 */
export default defineConfig({
  testDir: 'tests/e2e/specs',
  outputDir: 'test-results/e2e',
  globalSetup: './tests/e2e/support/global-setup.ts',
  // Two cores: the browser, the bridge and Dovecot share them with the workers.
  workers: 2,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
