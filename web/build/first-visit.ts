/** What the build knows of one JS chunk: what it loads before it runs, and what it may load later. */
export interface ChunkLinks {
  imports: readonly string[];
  css: readonly string[];
  dynamicImports: readonly string[];
  /** The module the chunk stands for (null for a shared chunk). */
  facadeModuleId: string | null;
}

const SCRIPT_SRC = /<script\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/gi;
const LINK_TAG = /<link\b[^>]*>/gi;
/** Links a browser fetches as the page opens (Chromium fetches no apple-touch-icon). */
const LOADED_RELS = new Set(['stylesheet', 'manifest', 'modulepreload', 'preload', 'icon']);

function attribute(tag: string, name: string): string | null {
  return new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1] ?? null;
}

/** `src` of every script and `href` of every link the browser loads, in document order. */
function loadedReferences(html: string): string[] {
  const scripts = [...html.matchAll(SCRIPT_SRC)].map((match) => match[1] ?? '');
  const links = [...html.matchAll(LINK_TAG)]
    .map((match) => match[0])
    .filter((tag) => (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/).some((rel) => LOADED_RELS.has(rel)))
    .map((tag) => attribute(tag, 'href') ?? '');
  return [...scripts, ...links];
}

function sameOriginPath(reference: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith('//')) return null;
  return reference.replace(/^\.?\//, '').replace(/[?#].*$/, '');
}

/**
 * The files, relative to the build folder, that a first visit fetches before the app shows:
 * index.html, what its tags name, every chunk a loaded chunk imports statically, their CSS,
 * and the dynamic imports `loadedAtStart` says run at start (the service worker's
 * registration, for one). Chunks behind other dynamic imports (the reader, the settings)
 * wait until the user needs them.
 */
export function firstVisitFiles(indexHtml: string, chunks: ReadonlyMap<string, ChunkLinks>, loadedAtStart: (moduleId: string) => boolean): string[] {
  const files = new Set<string>(['index.html']);
  const pending: string[] = [];
  const add = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    if (chunks.has(file)) pending.push(file);
  };
  for (const reference of loadedReferences(indexHtml)) {
    const path = sameOriginPath(reference);
    if (path !== null && path !== '') add(path);
  }
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const links = chunks.get(file);
    if (links === undefined) continue;
    for (const imported of [...links.imports, ...links.css]) add(imported);
    for (const dynamic of links.dynamicImports) {
      const facade = chunks.get(dynamic)?.facadeModuleId;
      if (facade != null && loadedAtStart(facade)) add(dynamic);
    }
  }
  return [...files];
}
