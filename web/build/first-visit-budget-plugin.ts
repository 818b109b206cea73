import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger, Plugin, ResolvedConfig } from 'vite';
import { brotli, isCompressible } from './compress-asset.ts';
import { firstVisitFiles, type ChunkLinks } from './first-visit.ts';

export interface FirstVisitBudgetOptions {
  /** The most the first visit may cost, in Brotli bytes. */
  budgetBytes: number;
  /** Dynamic imports that run as the app starts, by module id. */
  loadedAtStart: (moduleId: string) => boolean;
  /** Modules that must never reach the first visit, whatever the budget says. */
  mustStayOut: readonly RegExp[];
}

/** A Vite chunk as generateBundle sees it; only what the budget reads. */
interface BundleChunk {
  type: 'chunk' | 'asset';
  imports?: string[];
  dynamicImports?: string[];
  facadeModuleId?: string | null;
  moduleIds?: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/** What the bridge sends for a file to a client that accepts Brotli. */
async function wireBytes(path: string): Promise<number> {
  const bytes = await readFile(path);
  return isCompressible(path) ? Math.min(bytes.byteLength, brotli(bytes).byteLength) : bytes.byteLength;
}

const format = (bytes: number): string => bytes.toLocaleString('en-US');

/**
 * Prints what a first visit costs on the wire with Brotli (the bridge serves the build's .br
 * copies) and fails the build past the budget: Satchel is for metered, slow links. Headers
 * are not counted; the e2e spec 14 measures the real transfer.
 */
export function firstVisitBudget(options: FirstVisitBudgetOptions): Plugin {
  let outDir = '';
  let logger: Logger | null = null;
  const chunks = new Map<string, ChunkLinks>();
  const modulesOf = new Map<string, readonly string[]>();
  return {
    name: 'satchel:first-visit-budget',
    apply: 'build',
    configResolved(config: ResolvedConfig) {
      outDir = resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    generateBundle(_output, bundle) {
      for (const [fileName, chunk] of Object.entries(bundle as Record<string, BundleChunk>)) {
        if (chunk.type !== 'chunk') continue;
        chunks.set(fileName, {
          imports: chunk.imports ?? [],
          css: [...(chunk.viteMetadata?.importedCss ?? [])],
          dynamicImports: chunk.dynamicImports ?? [],
          facadeModuleId: chunk.facadeModuleId ?? null,
        });
        modulesOf.set(fileName, chunk.moduleIds ?? []);
      }
    },
    closeBundle: {
      order: 'post',
      async handler() {
        const files = firstVisitFiles(await readFile(join(outDir, 'index.html'), 'utf8'), chunks, options.loadedAtStart);
        for (const file of files) {
          const intruder = (modulesOf.get(file) ?? []).find((id) => options.mustStayOut.some((pattern) => pattern.test(id)));
          if (intruder !== undefined) throw new Error(`first visit: ${file} holds ${intruder}, which must load only where it is used (a Worker, or a chunk behind import()).`);
        }
        const sizes = await Promise.all(files.map(async (file) => ({ file, bytes: await wireBytes(join(outDir, file)) })));
        const total = sizes.reduce((sum, { bytes }) => sum + bytes, 0);
        const width = Math.max(...sizes.map(({ file }) => file.length));
        const lines = sizes.map(({ file, bytes }) => `  ${file.padEnd(width)}  ${format(bytes).padStart(9)}`);
        const summary = `first visit: ${format(total)} bytes with Brotli (budget ${format(options.budgetBytes)})`;
        logger?.info(['', summary, ...lines].join('\n'));
        if (total > options.budgetBytes) {
          throw new Error(`${summary}: over budget by ${format(total - options.budgetBytes)} bytes. Load what the inbox does not need with import().`);
        }
      },
    },
  };
}
