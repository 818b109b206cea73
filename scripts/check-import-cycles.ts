/**
 * Fails when any module reaches itself through its imports: `npx tsx scripts/check-import-cycles.ts`.
 * Written on the TypeScript compiler API rather than taken from madge because madge reads no
 * imports out of `.svelte` files, so a cycle through a component would pass unseen. Type-only
 * imports count: a type cycle still ties two files together for a reader.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROOTS = ['shared', 'bridge', 'web', 'tests', 'scripts'];
const SKIPPED_DIRS = new Set(['node_modules', 'results', 'fixtures', 'dist', 'public']);
const SOURCE = /\.(ts|mts|mjs|svelte)$/;
const SCRIPT_BLOCK = /<script\b[^>]*>([\s\S]*?)<\/script>/g;

function sourceFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) sourceFiles(full, found);
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      found.push(full);
    }
  }
  return found;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const code = file.endsWith('.svelte') ? [...text.matchAll(SCRIPT_BLOCK)].map((m) => m[1]).join('\n') : text;
  return ts.preProcessFile(code, true, true).importedFiles.map((ref) => ref.fileName);
}

function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const files = ROOTS.flatMap((root) => sourceFiles(path.join(REPO_ROOT, root)));
const known = new Set(files);
const graph = new Map<string, string[]>();
for (const file of files) {
  const targets = importsOf(file).map((spec) => resolve(file, spec));
  graph.set(file, [...new Set(targets.filter((t): t is string => t !== undefined && known.has(t)))]);
}

// Tarjan: every strongly connected component of more than one file, or a file importing itself.
const index = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const cycles: string[][] = [];
let counter = 0;
function connect(file: string): void {
  index.set(file, counter);
  low.set(file, counter);
  counter += 1;
  stack.push(file);
  onStack.add(file);
  for (const next of graph.get(file) ?? []) {
    if (!index.has(next)) {
      connect(next);
      low.set(file, Math.min(low.get(file)!, low.get(next)!));
    } else if (onStack.has(next)) {
      low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
  }
  if (low.get(file) !== index.get(file)) return;
  const component: string[] = [];
  let member: string;
  do {
    member = stack.pop()!;
    onStack.delete(member);
    component.push(member);
  } while (member !== file);
  if (component.length > 1 || graph.get(file)!.includes(file)) cycles.push(component.reverse());
}
for (const file of graph.keys()) if (!index.has(file)) connect(file);

if (cycles.length > 0) {
  for (const cycle of cycles) {
    console.error(`import cycle among: ${cycle.map((f) => path.relative(REPO_ROOT, f)).join(', ')}`);
  }
  process.exit(1);
}
console.log(`no import cycles among ${graph.size} files`);
