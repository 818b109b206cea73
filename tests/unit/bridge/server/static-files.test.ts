import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, startBridge, type RunningBridge } from '../../../../bridge/index.ts';
import { CONTENT_SECURITY_POLICY } from '../../../../bridge/server/index.ts';

let bridge: RunningBridge;
let emptyBridge: RunningBridge;

/** fetch() normalizes `..` away, so traversal attempts go out as raw request lines. */
function rawGet(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

let base: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'satchel-static-'));
  const root = join(base, 'web');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(base, 'secret.txt'), 'TOP SECRET');
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Satchel</title>');
  await writeFile(join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  await writeFile(join(root, 'manifest.webmanifest'), '{"name":"Satchel"}');
  await writeFile(join(root, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'app-abc123.css'), 'body{}');
  await writeFile(join(root, 'assets', 'mod-abc123.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  await symlink(join(base, 'secret.txt'), join(root, 'escape.txt'));
  const targets = [{ name: 'mail', label: 'Mail', host: 'mail.example.org', port: 995, tls: 'implicit' }];
  bridge = await startBridge(loadConfig({ listen: { port: 0 }, staticDir: root, targets }, '/'), { log: () => undefined });
  emptyBridge = await startBridge(loadConfig({ listen: { port: 0 }, staticDir: join(base, 'missing'), targets }, '/'), { log: () => undefined });
});

afterAll(async () => {
  await bridge?.close();
  await emptyBridge?.close();
  await rm(base, { recursive: true, force: true });
});

describe('static app serving', () => {
  it('serves index.html at / with no-cache and the app CSP', async () => {
    const response = await fetch(`${bridge.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toContain('<title>Satchel</title>');
  });

  it('gives hashed assets a long immutable cache and the right types', async () => {
    const js = await fetch(`${bridge.url}/assets/index-abc123.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${bridge.url}/assets/app-abc123.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${bridge.url}/assets/mod-abc123.wasm`)).headers.get('content-type')).toBe('application/wasm');
  });

  it('serves sw.js and the manifest with no-cache and their own types', async () => {
    const sw = await fetch(`${bridge.url}/sw.js`);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const manifest = await fetch(`${bridge.url}/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json; charset=utf-8');
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${bridge.url}/icon.svg`)).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('falls back to index.html for an app route navigation', async () => {
    const response = await fetch(`${bridge.url}/mailbox/inbox`, { headers: { Accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Satchel</title>');
  });

  it('answers 404, not HTML, for a missing asset', async () => {
    const response = await fetch(`${bridge.url}/assets/missing-000.js`);
    expect(response.status).toBe(404);
  });

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/escape.txt'])(
    'does not leave the static folder for %s',
    async (path) => {
      const response = await rawGet(bridge.url, path);
      expect(response.body).not.toContain('TOP SECRET');
    },
  );

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(`${bridge.url}/`, { method: 'POST' })).status).toBe(405);
  });

  it('tells the user to run npm run build when there is no index.html', async () => {
    const response = await fetch(`${emptyBridge.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('npm run build');
  });

  it('answers a plain GET on /tunnel with 426 Upgrade Required', async () => {
    expect((await fetch(`${bridge.url}/tunnel`)).status).toBe(426);
  });
});
