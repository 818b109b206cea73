/**
 * The `test` every spec imports: Playwright's, with the bridge's URL as baseURL and the
 * environment the global setup started (Dovecot users, bridge target names).
 */
import { test as base } from '@playwright/test';
import { readE2eEnvironment, type E2eEnvironment } from './e2e-environment.ts';

export interface E2eFixtures {
  e2e: E2eEnvironment;
}

export const test = base.extend<E2eFixtures>({
  // The bridge listens on a port chosen at start, so baseURL comes from the global setup.
  baseURL: async ({}, use) => {
    await use(readE2eEnvironment().baseURL);
  },
  e2e: async ({}, use) => {
    await use(readE2eEnvironment());
  },
});

export { expect } from '@playwright/test';
