import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileModule } from 'svelte/compiler';
import ts from 'typescript';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const OUT_DIR = path.join(REPO_ROOT, '.tmp', 'svelte-modules');

/**
 * Imports a `*.svelte.ts` module compiled the way the app build compiles it: TypeScript
 * stripped, then runes compiled by Svelte. The unit project has no Svelte plugin, and a test
 * that ran the runes as plain functions would not test what ships.
 *
 * Relative imports are pointed back at the original files, so they load as usual.
 */
export async function loadSvelteModule<T>(repoRelativePath: string): Promise<T> {
  const sourcePath = path.join(REPO_ROOT, repoRelativePath);
  const typescript = await readFile(sourcePath, 'utf8');
  const javascript = ts.transpileModule(typescript, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
    fileName: sourcePath,
  }).outputText;
  const compiled = compileModule(javascript, { filename: sourcePath, generate: 'client', dev: false }).js.code;
  const rewritten = compiled.replace(/(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\2/g, (_match, lead: string, quote: string, specifier: string) => {
    return `${lead}${quote}${pathToFileURL(path.resolve(path.dirname(sourcePath), specifier)).href}${quote}`;
  });
  await mkdir(OUT_DIR, { recursive: true });
  const outFile = path.join(OUT_DIR, `${createHash('sha256').update(rewritten).digest('hex').slice(0, 16)}.js`);
  await writeFile(outFile, rewritten);
  return (await import(/* @vite-ignore */ pathToFileURL(outFile).href)) as T;
}
