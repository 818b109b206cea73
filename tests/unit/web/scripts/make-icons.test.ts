import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { drawIcon, ICONS } from '../../../../web/scripts/make-icons.ts';

describe('make-icons', () => {
  it('reproduces the committed icons byte for byte', async () => {
    for (const icon of ICONS) {
      const committed = await readFile(new URL(`../../../../web/public/icons/${icon.file}`, import.meta.url));
      expect(drawIcon(icon.size, icon.maskable).equals(committed), icon.file).toBe(true);
    }
  });

  it('leaves the corners of the regular icon clear and fills the maskable one to the edge', async () => {
    const { inflateSync } = await import('node:zlib');
    const alphaAtOrigin = (png: Buffer): number => {
      const idatLength = png.readUInt32BE(33);
      return inflateSync(png.subarray(41, 41 + idatLength))[1 + 3] ?? -1; // filter byte, then RGBA
    };
    expect(alphaAtOrigin(drawIcon(192, false))).toBe(0);
    expect(alphaAtOrigin(drawIcon(192, true))).toBe(255);
  });
});
