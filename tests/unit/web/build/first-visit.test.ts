import { describe, expect, it } from 'vitest';
import { firstVisitFiles, type ChunkLinks } from '../../../../web/build/first-visit.ts';

const HTML = `<!doctype html><html><head>
  <link rel="icon" type="image/png" href="/icons/icon-192.png" />
  <link rel="apple-touch-icon" href="/icons/icon-192.png" />
  <link rel="preconnect" href="https://example.org" />
  <script type="module" crossorigin src="/assets/index-1.js"></script>
  <link rel="stylesheet" crossorigin href="/assets/index-1.css">
  <link rel="manifest" href="/manifest.webmanifest"></head><body></body></html>`;

function chunk(links: Partial<ChunkLinks>): ChunkLinks {
  return { imports: [], css: [], dynamicImports: [], facadeModuleId: null, ...links };
}

const chunks = new Map<string, ChunkLinks>([
  ['assets/index-1.js', chunk({ imports: ['assets/shared-1.js'], dynamicImports: ['assets/reader-1.js', 'assets/workbox-window-1.js'], facadeModuleId: '/web/index.html' })],
  ['assets/shared-1.js', chunk({ css: ['assets/shared-1.css'] })],
  ['assets/reader-1.js', chunk({ imports: ['assets/shared-1.js'], facadeModuleId: '/web/src/lib/reader/MessageReader.svelte' })],
  ['assets/workbox-window-1.js', chunk({ facadeModuleId: '/node_modules/workbox-window/build/workbox-window.prod.es5.mjs' })],
]);

describe('firstVisitFiles', () => {
  const files = firstVisitFiles(HTML, chunks, (id) => id.includes('workbox-window'));

  it('counts the page, what its tags load, static imports and their CSS', () => {
    expect(files).toEqual(
      expect.arrayContaining(['index.html', 'assets/index-1.js', 'assets/index-1.css', 'manifest.webmanifest', 'icons/icon-192.png', 'assets/shared-1.js', 'assets/shared-1.css']),
    );
  });

  it('counts a dynamic import that runs at start, and no other', () => {
    expect(files).toContain('assets/workbox-window-1.js');
    expect(files).not.toContain('assets/reader-1.js');
  });

  it('leaves out links the browser does not fetch and other origins, and counts each file once', () => {
    expect(files.some((file) => file.includes('example.org'))).toBe(false);
    expect(new Set(files).size).toBe(files.length);
  });
});
