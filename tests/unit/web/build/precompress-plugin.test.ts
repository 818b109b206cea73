import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressFolder } from '../../../../web/build/precompress-plugin.ts';

const SCRIPT = `export const rows = ${JSON.stringify(Array.from({ length: 500 }, (_, i) => `row ${i}`))};\n`;
let dir: string;
let written: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'satchel-precompress-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'index-abc.js'), SCRIPT);
  await writeFile(join(dir, 'tiny.txt'), 'a');
  await writeFile(join(dir, 'icon.png'), Buffer.alloc(4_096, 7));
  written = (await precompressFolder(dir)).map((file) => file.slice(dir.length));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('precompressFolder', () => {
  it('writes a Brotli and a gzip copy that decode to the file, in subfolders too', async () => {
    const file = join(dir, 'assets', 'index-abc.js');
    expect(brotliDecompressSync(await readFile(`${file}.br`)).toString('utf8')).toBe(SCRIPT);
    expect(gunzipSync(await readFile(`${file}.gz`)).toString('utf8')).toBe(SCRIPT);
  });

  it('writes no copy that would not be smaller, and none for images', () => {
    expect(written.sort()).toEqual(['/assets/index-abc.js.br', '/assets/index-abc.js.gz']);
  });
});
