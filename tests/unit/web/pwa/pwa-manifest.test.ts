import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PWA_MANIFEST } from '../../../../web/pwa-manifest.ts';

const publicDir = fileURLToPath(new URL('../../../../web/public/', import.meta.url));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('the web app manifest', () => {
  it('has what installability needs: names, start_url, scope and standalone display', () => {
    expect(PWA_MANIFEST).toMatchObject({ name: 'Satchel', short_name: 'Satchel', start_url: '/', scope: '/', display: 'standalone' });
    expect(PWA_MANIFEST.theme_color).toMatch(/^#[0-9a-f]{6}$/);
    expect(PWA_MANIFEST.background_color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('lists 192 and 512 icons and a 512 maskable one', () => {
    const icons = PWA_MANIFEST.icons.map(({ sizes, purpose }) => `${sizes} ${purpose}`);
    expect(icons).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  });

  it('points every icon at a committed PNG of the size it claims', async () => {
    for (const icon of PWA_MANIFEST.icons) {
      const png = await readFile(`${publicDir}${icon.src.replace(/^\//, '')}`);
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      const [width, height] = icon.sizes.split('x').map(Number);
      // IHDR is the first chunk: width at offset 16, height at 20 (PNG spec §11.2.2).
      expect(png.readUInt32BE(16)).toBe(width);
      expect(png.readUInt32BE(20)).toBe(height);
    }
  });
});
