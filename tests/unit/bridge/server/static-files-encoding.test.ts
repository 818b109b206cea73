import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startBridge, type RunningBridge } from '../../../../bridge/index.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http, not fetch: fetch sends its own Accept-Encoding and decodes the body. */
function get(url: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const SCRIPT = `export const greeting = ${JSON.stringify('hello, '.repeat(2_000))};\n`;
const PAGE = `<!doctype html><title>Satchel</title>${'<p>shell</p>'.repeat(200)}`;

let base: string;
let bridge: RunningBridge;

async function writeWithCopies(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  await writeFile(`${path}.br`, brotliCompressSync(Buffer.from(text)));
  await writeFile(`${path}.gz`, gzipSync(Buffer.from(text)));
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'satchel-encoding-'));
  const root = join(base, 'web');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeWithCopies(join(root, 'index.html'), PAGE);
  await writeWithCopies(join(root, 'sw.js'), SCRIPT);
  await writeWithCopies(join(root, 'assets', 'index-abc123.js'), SCRIPT);
  // Only a gzip copy, as when Brotli would not have been smaller.
  await writeFile(join(root, 'assets', 'only-gzip-abc123.js'), SCRIPT);
  await writeFile(join(root, 'assets', 'only-gzip-abc123.js.gz'), gzipSync(Buffer.from(SCRIPT)));
  // A copy older than its file: the file was replaced without a rebuild.
  await writeWithCopies(join(root, 'assets', 'stale-abc123.js'), 'export const old = 1;\n');
  const past = new Date(Date.now() - 60_000);
  await utimes(join(root, 'assets', 'stale-abc123.js.br'), past, past);
  await utimes(join(root, 'assets', 'stale-abc123.js.gz'), past, past);
  await writeFile(join(root, 'assets', 'plain-abc123.css'), 'body{}');
  await writeFile(join(base, 'secret.txt'), 'TOP SECRET');
  await writeFile(join(root, 'assets', 'leak-abc123.js'), SCRIPT);
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'leak-abc123.js.br'));
  const targets = [{ name: 'mail', label: 'Mail', host: 'mail.example.org', port: 995, tls: 'implicit' }];
  bridge = await startBridge(loadConfig({ listen: { port: 0 }, staticDir: root, targets }, '/'), { log: () => undefined });
});

afterAll(async () => {
  await bridge?.close();
  await rm(base, { recursive: true, force: true });
});

describe('serving the build precompressed', () => {
  it('sends the Brotli copy to a client that accepts br, with its own length and Vary', async () => {
    const response = await get(bridge.url, '/assets/index-abc123.js', { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers.vary).toBe('Accept-Encoding');
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(SCRIPT.length / 10);
    expect(brotliDecompressSync(response.body).toString('utf8')).toBe(SCRIPT);
  });

  it('sends the gzip copy to a client that accepts gzip but not br', async () => {
    const response = await get(bridge.url, '/assets/index-abc123.js', { 'Accept-Encoding': 'gzip, deflate' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(gunzipSync(response.body).toString('utf8')).toBe(SCRIPT);
  });

  it('sends gzip when br is refused with q=0', async () => {
    const response = await get(bridge.url, '/assets/index-abc123.js', { 'Accept-Encoding': 'br;q=0, gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
  });

  it.each([['no Accept-Encoding', {}], ['identity only', { 'Accept-Encoding': 'identity' }], ['every coding refused', { 'Accept-Encoding': 'br;q=0, gzip;q=0, *;q=0' }]])(
    'sends the file as it is, still with Vary, to a client with %s',
    async (_label, headers: Record<string, string>) => {
      const response = await get(bridge.url, '/assets/index-abc123.js', headers);
      expect(response.headers['content-encoding']).toBeUndefined();
      expect(response.headers.vary).toBe('Accept-Encoding');
      expect(response.body.toString('utf8')).toBe(SCRIPT);
      expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(SCRIPT));
    },
  );

  it('keeps hashed assets immutable and the shell revalidated, compressed or not', async () => {
    const asset = await get(bridge.url, '/assets/index-abc123.js', { 'Accept-Encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/sw.js', '/inbox']) {
      const shell = await get(bridge.url, path, { 'Accept-Encoding': 'br', Accept: 'text/html' });
      expect(shell.headers['content-encoding'], path).toBe('br');
      expect(shell.headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('answers HEAD with the headers of the GET it stands for, and no body', async () => {
    const head = await get(bridge.url, '/assets/index-abc123.js', { 'Accept-Encoding': 'br' }, 'HEAD');
    const got = await get(bridge.url, '/assets/index-abc123.js', { 'Accept-Encoding': 'br' });
    expect(head.body.length).toBe(0);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(got.headers['content-length']);
    expect(head.headers.vary).toBe('Accept-Encoding');
  });

  it('ignores Range and sends the whole representation in the chosen coding', async () => {
    const response = await get(bridge.url, '/assets/index-abc123.js', { 'Accept-Encoding': 'br', Range: 'bytes=0-9' });
    expect(response.status).toBe(200);
    expect(response.headers['content-range']).toBeUndefined();
    expect(brotliDecompressSync(response.body).toString('utf8')).toBe(SCRIPT);
  });

  it('falls back to gzip when the build wrote no Brotli copy', async () => {
    const response = await get(bridge.url, '/assets/only-gzip-abc123.js', { 'Accept-Encoding': 'br, gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.body).toString('utf8')).toBe(SCRIPT);
  });

  it('sends a file without copies as it is, with no Vary', async () => {
    const response = await get(bridge.url, '/assets/plain-abc123.css', { 'Accept-Encoding': 'br, gzip' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toBeUndefined();
    expect(response.body.toString('utf8')).toBe('body{}');
  });

  it('never sends a copy older than its file', async () => {
    const response = await get(bridge.url, '/assets/stale-abc123.js', { 'Accept-Encoding': 'br, gzip' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.toString('utf8')).toBe('export const old = 1;\n');
  });

  it('does not follow a copy that is a symlink out of the static folder', async () => {
    const response = await get(bridge.url, '/assets/leak-abc123.js', { 'Accept-Encoding': 'br' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.toString('utf8')).not.toContain('TOP SECRET');
  });
});
