import type { ManifestOptions } from 'vite-plugin-pwa';

/** Satchel's brown; also the browser UI colour (`theme_color`) and the icons' background. */
export const THEME_COLOUR = '#7a4a2c';
const BACKGROUND_COLOUR = '#faf6f0';

/**
 * The Web App Manifest. Installability needs name, start_url, display and 192/512 icons;
 * the maskable icon keeps its drawing inside the 80% safe zone so Android can crop it.
 */
export const PWA_MANIFEST = {
  name: 'Satchel',
  short_name: 'Satchel',
  description: 'Read your POP3 mail offline, even on a flaky link.',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  theme_color: THEME_COLOUR,
  background_color: BACKGROUND_COLOUR,
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
} satisfies Partial<ManifestOptions>;
