/**
 * Debian's Chromium: `npx playwright install` cannot download browsers on these machines,
 * so every launch (the config's and the persistent contexts some specs open) uses this.
 */
export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_LAUNCH_OPTIONS = { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_ARGS };
