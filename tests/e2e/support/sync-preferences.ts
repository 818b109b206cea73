/**
 * The user's sync preferences as Satchel keeps them (localStorage key of
 * web/src/lib/settings/sync-preferences.svelte.ts), set before the app starts: specs that
 * need every body whole lift the metered-link budget and the size cap, as a user would.
 */
import type { BrowserContext } from '@playwright/test';

const PREFERENCES_KEY = 'satchel.sync-preferences';

export async function fetchEverything(context: BrowserContext): Promise<void> {
  await context.addInitScript((key) => {
    if (localStorage.getItem(key) === null) localStorage.setItem(key, JSON.stringify({ byteBudget: null, maxAutoDownloadSize: null }));
  }, PREFERENCES_KEY);
}
