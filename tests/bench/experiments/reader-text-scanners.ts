/**
 * `npx tsx tests/bench/experiments/reader-text-scanners.ts [repo root]`
 *
 * Times the reader's text scanners (linkify, the CSS filter) on inputs built to be slow to scan and on
 * other runs of one delimiter without its closer, in Node, fastest of three. Pass the root of
 * another checkout (such as main's) to time its scanners instead. Inputs are kept small
 * enough (120 KB, 60,000 spaces) that a quadratic scanner still finishes.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Linkify = (text: string) => unknown;
type FilterCss = (css: string, policy: { allowRemote: boolean; cidUrls: ReadonlyMap<string, string>; onBlockedRemote: () => void }) => string;

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'));
const { linkify } = (await import(join(root, 'web/src/lib/reader/linkify.ts'))) as { linkify: Linkify };
const { filterCss } = (await import(join(root, 'web/src/lib/reader/filter-css.ts'))) as { filterCss: FilterCss };
const policy = { allowRemote: false, cidUrls: new Map<string, string>(), onBlockedRemote: () => undefined };

const LINKIFY_INPUTS: Record<string, string> = {
  'prose with links, 120 KB': 'Dear Ada, see https://example.org/a?id=12 (item 3), or write to ada@example.org.\n'.repeat(1_500),
  '`a.a.a.…`, 120 KB': 'a.'.repeat(60_000),
  '`a@` + `b.b.…`, 120 KB': 'a@' + 'b.'.repeat(60_000),
  '`http://x` + 40,000 dots': 'http://x' + '.'.repeat(40_000) + 'y',
  '`http://x` + 40,000 `)`': 'http://x' + ')'.repeat(40_000),
};
const CSS_INPUTS: Record<string, string> = {
  'a stylesheet, 120 KB': 'p { color: red; background: url(cid:logo@x) } '.repeat(2_700),
  '`url(a` + 60,000 spaces + `b)`': 'url(a' + ' '.repeat(60_000) + 'b)',
  '`url("` + 60,000 spaces + `"x`': 'url("' + ' '.repeat(60_000) + '"x',
  '`\\` × 120,000': '\\'.repeat(120_000),
  '`/*` × 60,000': '/*'.repeat(60_000),
};

function fastestMs(run: () => unknown): number {
  let fastest = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

console.log(`scanners of ${root}\n`);
console.log('| scanner | input | ms |\n|---|---|---:|');
for (const [name, text] of Object.entries(LINKIFY_INPUTS)) console.log(`| linkify | ${name} | ${fastestMs(() => linkify(text)).toFixed(1)} |`);
for (const [name, css] of Object.entries(CSS_INPUTS)) console.log(`| filterCss | ${name} | ${fastestMs(() => filterCss(css, policy)).toFixed(1)} |`);
