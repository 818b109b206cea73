/**
 * Draws the app icons: `npx tsx web/scripts/make-icons.ts`. The PNGs are committed under
 * web/public/icons, so the build needs neither this script nor the network.
 *
 * The drawing is a satchel on Satchel's brown. Shapes are sampled 4× per axis and averaged,
 * which smooths the edges without any image library.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { encodePng } from '../../scripts/png-encoder.ts';
import { THEME_COLOUR } from '../pwa-manifest.ts';

type Rgba = readonly [number, number, number, number];

const BROWN = hex(THEME_COLOUR);
const CREAM: Rgba = [243, 227, 195, 255];
const FLAP: Rgba = [224, 197, 143, 255];
const CLEAR: Rgba = [0, 0, 0, 0];
const SUPERSAMPLE = 4;

function hex(colour: string): Rgba {
  const n = Number.parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

function inRoundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return dx * dx + dy * dy <= r * r;
}

/** The satchel, in coordinates where the content box is 0..1 on both axes. */
function satchel(x: number, y: number): Rgba | null {
  const buckle = x >= 0.44 && x <= 0.56 && y >= 0.5 && y <= 0.63;
  if (buckle) return x >= 0.47 && x <= 0.53 && y >= 0.53 && y <= 0.6 ? FLAP : BROWN;
  if (inRoundedRect(x, y, 0.16, 0.36, 0.84, 0.56, 0.06)) return FLAP;
  if (inRoundedRect(x, y, 0.16, 0.36, 0.84, 0.84, 0.08)) return CREAM;
  // The handle: the top half of an elliptical ring above the bag.
  const ring = ((x - 0.5) / 0.17) ** 2 + ((y - 0.37) / 0.19) ** 2;
  const inner = ((x - 0.5) / 0.11) ** 2 + ((y - 0.37) / 0.13) ** 2;
  if (y < 0.37 && ring <= 1 && inner >= 1) return CREAM;
  return null;
}

/**
 * `maskable`: full-bleed background, with the drawing inside the central 80% safe zone
 * (W3C Web App Manifest, "icon masks"). Otherwise: a rounded square with clear corners.
 */
export function drawIcon(size: number, maskable: boolean): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  const inset = maskable ? 0.2 : 0.06;
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const u = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const v = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          const background = maskable || inRoundedRect(u, v, 0, 0, 1, 1, 0.2) ? BROWN : CLEAR;
          const colour = satchel((u - inset) / (1 - 2 * inset), (v - inset) / (1 - 2 * inset)) ?? background;
          // Premultiply so clear samples do not darken the edge.
          for (let c = 0; c < 3; c++) sum[c] = (sum[c] ?? 0) + (colour[c] ?? 0) * (colour[3] / 255);
          sum[3] = (sum[3] ?? 0) + colour[3];
        }
      }
      const alpha = (sum[3] ?? 0) / samples;
      const at = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) rgba[at + c] = alpha === 0 ? 0 : Math.round(((sum[c] ?? 0) / samples) * (255 / alpha));
      rgba[at + 3] = Math.round(alpha);
    }
  }
  return encodePng(size, size, rgba);
}

export const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
] as const;

const outDir = fileURLToPath(new URL('../public/icons/', import.meta.url));
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await mkdir(outDir, { recursive: true });
  for (const icon of ICONS) await writeFile(`${outDir}${icon.file}`, drawIcon(icon.size, icon.maskable));
  console.log(`wrote ${ICONS.length} icons to ${outDir}`);
}
