import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // The Svelte plugin compiles runes in `*.svelte.ts` modules exactly as the app build does;
        // tests that use runes themselves are named `*.svelte.test.ts` (STYLE.md).
        plugins: [svelte({ configFile: false })],
        resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
