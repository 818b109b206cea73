import { createReadStream, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, join, relative, sep } from 'node:path';
import { chooseCoding, PRECOMPRESSED, type PrecompressedCoding } from './content-encoding.ts';
import { contentTypeFor } from './content-types.ts';
import { applySecurityHeaders, sendText } from './security-headers.ts';

const NOT_BUILT = 'Satchel bridge is running, but the web app is not built yet.\nRun `npm run build`, then reload this page.\n';

/** Files the browser must revalidate every time, or an app update never arrives. */
const NO_CACHE = new Set(['index.html', 'sw.js', 'registerSW.js', 'manifest.webmanifest']);
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app. Paths are decoded, normalized and then checked, via realpath, to
 * stay under the root, so neither `..` nor `%2e%2e` nor a symlink can leave it. A navigation
 * to an unknown path gets index.html (SPA fallback); an unknown asset gets 404.
 */
export class StaticFiles {
  readonly #root: string | null;
  #realRoot: string | null = null;

  /** @param root the built app folder (staticDir); null serves nothing but the "not built" page */
  constructor(root: string | null) {
    this.#root = root;
  }

  /** @param path the request-target's path, already parsed (requestPath) */
  async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendText(response, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(path);
    } catch {
      return sendText(response, 400, 'text/plain; charset=utf-8', 'Bad Request\n');
    }
    if (pathname.includes('\0') || pathname.includes('\\')) return sendText(response, 400, 'text/plain; charset=utf-8', 'Bad Request\n');

    const root = await this.#resolveRoot();
    if (root === null) return sendText(response, 200, 'text/plain; charset=utf-8', NOT_BUILT);

    const requested = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
    const file = await this.#findFile(root, requested);
    if (file !== null) return this.#sendFile(request, response, root, file, pathname);

    // SPA fallback only for page navigations: a missing script must be a 404, not HTML.
    const isNavigation = extname(pathname) === '' || extname(pathname) === '.html' || (request.headers.accept ?? '').includes('text/html');
    const index = await this.#findFile(root, '/index.html');
    if (isNavigation && index !== null) return this.#sendFile(request, response, root, index, '/index.html');
    return sendText(response, 404, 'text/plain; charset=utf-8', 'Not Found\n');
  }

  async #resolveRoot(): Promise<string | null> {
    if (this.#root === null) return null;
    if (this.#realRoot === null) {
      try {
        this.#realRoot = await realpath(this.#root);
      } catch {
        return null;
      }
    }
    // Checked on each request, so `npm run build` while the bridge runs is picked up.
    return (await this.#findFile(this.#realRoot, '/index.html')) === null ? null : this.#realRoot;
  }

  async #findFile(root: string, pathname: string): Promise<string | null> {
    const candidate = join(root, pathname);
    try {
      const real = await realpath(candidate);
      const rel = relative(root, real);
      if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || rel.startsWith(sep)) return null;
      const info = await stat(real);
      return info.isFile() ? real : null;
    } catch {
      return null;
    }
  }

  /**
   * The precompressed copies the build wrote next to `file` (`file.br`, `file.gz`), each found
   * the same way as the file itself, so a symlinked copy cannot leave the root either. A copy
   * older than its file is stale (a file replaced without a rebuild) and is not offered.
   */
  async #precompressedCopies(root: string, file: string, info: Stats): Promise<Map<PrecompressedCoding, string>> {
    const copies = new Map<PrecompressedCoding, string>();
    const relativePath = `/${relative(root, file).split(sep).join('/')}`;
    for (const { coding, suffix } of PRECOMPRESSED) {
      const copy = await this.#findFile(root, relativePath + suffix);
      if (copy !== null && (await stat(copy)).mtimeMs >= info.mtimeMs) copies.set(coding, copy);
    }
    return copies;
  }

  async #sendFile(request: IncomingMessage, response: ServerResponse, root: string, file: string, pathname: string): Promise<void> {
    const info = await stat(file);
    const copies = await this.#precompressedCopies(root, file, info);
    // Only a coding the client accepted is ever sent (RFC 9110 §12.5.3); otherwise the file as it is.
    const coding = chooseCoding(request.headers['accept-encoding'], new Set(copies.keys()));
    const body = coding === null ? file : (copies.get(coding) ?? file);
    const size = body === file ? info.size : (await stat(body)).size;
    applySecurityHeaders(response);
    const name = basename(file);
    // Vite puts content-hashed names under /assets/; everything else may change under the same name.
    const cacheControl = pathname.startsWith('/assets/') && !NO_CACHE.has(name) ? IMMUTABLE : 'no-cache';
    response.writeHead(200, {
      'Content-Type': contentTypeFor(file),
      'Content-Length': String(size),
      'Cache-Control': cacheControl,
      'Last-Modified': info.mtime.toUTCString(),
      // Every answer for a file that has copies varies, the identity one too, or a shared
      // cache could hand Brotli to a client that never asked for it.
      ...(copies.size > 0 ? { Vary: 'Accept-Encoding' } : {}),
      ...(coding !== null ? { 'Content-Encoding': coding } : {}),
    });
    // No Range support: a Range header is ignored and the whole representation sent (RFC 9110 §14.2).
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = createReadStream(body);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }
}
