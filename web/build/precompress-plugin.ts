import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { brotli, gzip, isCompressible } from './compress-asset.ts';

/** The copies the bridge looks for (bridge/server/content-encoding.ts). */
const CODINGS = [
  { suffix: '.br', compress: brotli },
  { suffix: '.gz', compress: gzip },
];

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/** Writes the copies for every text file under `dir`; returns the copies written. */
export async function precompressFolder(dir: string): Promise<string[]> {
  const written: string[] = [];
  for await (const file of filesUnder(dir)) {
    if (!isCompressible(file)) continue;
    const bytes = await readFile(file);
    for (const { suffix, compress } of CODINGS) {
      const copy = compress(bytes);
      if (copy.byteLength >= bytes.byteLength) continue;
      await writeFile(file + suffix, copy);
      written.push(file + suffix);
    }
  }
  return written;
}

/**
 * Writes `x.br` and `x.gz` next to every text file of the build, so the bridge sends each
 * compressed without compressing on every request. Runs after the service worker is
 * generated (order 'post'; rolldown runs closeBundle hooks one after another), so sw.js and
 * the workbox runtime get copies too. A copy that would not be smaller is not written.
 */
export function precompressAssets(): Plugin {
  let outDir = '';
  return {
    name: 'satchel:precompress',
    apply: 'build',
    configResolved(config: ResolvedConfig) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      async handler() {
        await precompressFolder(outDir);
      },
    },
  };
}
