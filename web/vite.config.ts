import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { firstVisitBudget } from './build/first-visit-budget-plugin.ts';
import { precompressAssets } from './build/precompress-plugin.ts';
import { trustRoots } from './build/trust-roots-plugin.ts';
import { PWA_MANIFEST } from './pwa-manifest.ts';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/** Paths the bridge answers itself; the service worker must never answer them with the app shell. */
const BRIDGE_PATHS = [/^\/targets/, /^\/tunnel/];

/**
 * `npm run build` → dist/web, which the bridge serves at `/`. For `vite dev` against a running
 * bridge, set SATCHEL_BRIDGE_ORIGIN (e.g. http://127.0.0.1:8080) to proxy its endpoints.
 */
const bridgeOrigin = process.env.SATCHEL_BRIDGE_ORIGIN;

/** A first visit, on a metered link, costs at most 100 KB on the wire (DESIGN.md "Targets"). */
const FIRST_VISIT_BUDGET_BYTES = 102_400;

export default defineConfig({
  root: webRoot,
  build: {
    // SATCHEL_NO_MINIFY=1 npm run build: readable function names in a bench trace (SATCHEL_BENCH_TRACE).
    minify: process.env.SATCHEL_NO_MINIFY ? false : undefined,
    outDir: '../dist/web',
    emptyOutDir: true,
  },
  worker: {
    // The sync Worker loads end-to-end TLS and its root store only for an account that needs
    // them (open-sync-channel.ts): a split bundle, so ES format (both Workers are type: 'module').
    format: 'es',
    plugins: () => [trustRoots()],
  },
  server: bridgeOrigin
    ? {
        proxy: {
          '/targets': bridgeOrigin,
          '/tunnel': { target: bridgeOrigin, ws: true },
        },
      }
    : {},
  plugins: [
    // Options live here; there is no svelte.config.js (Svelte 5 reads TypeScript natively).
    svelte({ configFile: false }),
    VitePWA({
      strategies: 'generateSW',
      // 'prompt': a new version waits until the user agrees, so a sync in progress is never
      // cut off by a reload.
      registerType: 'prompt',
      injectRegister: false, // registered from web/src/lib/pwa/service-worker-update.svelte.ts
      manifest: PWA_MANIFEST,
      workbox: {
        // Precache the whole app shell so it starts with no network at all. The manifest and
        // its icons are added by the plugin itself (includeManifestIcons).
        globPatterns: ['**/*.{js,css,html,svg}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: BRIDGE_PATHS,
        cleanupOutdatedCaches: true,
      },
    }),
    trustRoots(),
    precompressAssets(),
    // registerSW imports workbox-window as the app starts, so it counts.
    firstVisitBudget({
      budgetBytes: FIRST_VISIT_BUDGET_BYTES,
      loadedAtStart: (id) => id.includes('workbox-window'),
      // The MIME parser and the HTML bounds run in the Workers; DOMPurify comes with the reader.
      mustStayOut: [/\/node_modules\/(postal-mime|parse5|entities|dompurify|subtls)\//, /satchel-trust-roots/],
    }),
  ],
});
