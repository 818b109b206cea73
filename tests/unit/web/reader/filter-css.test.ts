import { describe, expect, it } from 'vitest';
import { filterCss, FILTERED_CSS_LIMIT } from '../../../../web/src/lib/reader/filter-css.ts';
import type { ResourcePolicy } from '../../../../web/src/lib/reader/resource-policy.ts';
import { expectLinearTime, LINEAR_TIME_TEST_TIMEOUT_MS, repeatedShapes, repeatedText } from './linear-time.ts';

function blockingPolicy(cidUrls: ReadonlyMap<string, string> = new Map()): ResourcePolicy & { blocked: number } {
  const policy = { allowRemote: false, cidUrls, blocked: 0, onBlockedRemote: () => void policy.blocked++ };
  return policy;
}

describe('filterCss', () => {
  it('blocks remote url(), escaped, quoted, commented or unclosed, and counts each', () => {
    const policy = blockingPolicy();
    const css = 'a { background: url(https://evil.example/a.png) } b { background: \\75 rl("\\68ttps://evil.example/b.png") } c { background: u/**/rl( //evil.example/c.png ) } d { background: url(https://evil.example/d.png';
    const filtered = filterCss(css, policy);
    expect(filtered).not.toMatch(/evil/);
    expect(policy.blocked).toBe(4);
  });

  it('blocks a remote URL that only appears once expression(, behavior: or -moz-binding is taken out', () => {
    const policy = blockingPolicy();
    const css = 'a { background: urexpression(l(https://evil.example/a.png) } b { background: urbehavior:l(https://evil.example/b.png) } c { background-image: image-set("ht-moz-bindingtps://evil.example/c.png" 1x) }';
    const filtered = filterCss(css, policy);
    expect(filtered).not.toMatch(/url\(\s*["']?https|["']\s*https/i);
    expect(filtered).not.toMatch(/expression|behavior|-moz-binding/i);
  });

  it('blocks a string the URL parser reads as remote once it drops tabs, newlines and controls', () => {
    const policy = blockingPolicy();
    const css = 'a { background-image: image-set("ht\ttps://evil.example/a.png" 1x) } b { background-image: image-set("ht\\9 tps://evil.example/b.png" 1x) } @font-face { src: \'h\\a ttps://evil.example/c.woff\' } d { background-image: image-set("\u0001//evil.example/d.png" 1x) }';
    const filtered = filterCss(css, policy);
    expect(filtered).not.toMatch(/evil/);
    expect(policy.blocked).toBe(4);
  });

  it('resolves cid: images and keeps data: images', () => {
    const filtered = filterCss('a { background: url(cid:logo@example.org) } b { background: url("data:image/png;base64,AAAA") }', blockingPolicy(new Map([['logo@example.org', 'blob:frame/1']])));
    expect(filtered).toBe('a { background: url("blob:frame/1") } b { background: url("data:image/png;base64,AAAA") }');
  });

  it(`drops CSS past ${FILTERED_CSS_LIMIT} characters unread, so nothing there loads or counts`, () => {
    const policy = blockingPolicy();
    const head = 'p { color: red }';
    const filtered = filterCss(head + ' '.repeat(FILTERED_CSS_LIMIT) + 'q { background: url(https://evil.example/a.png) }', policy);
    expect(filtered.trim()).toBe(head);
    expect(policy.blocked).toBe(0);
  });

  it(
    'takes 1 MB of unclosed url(, strings, comments or escapes in about the time it takes a stylesheet',
    () => {
      const stylesheet = repeatedText({ head: '', unit: 'td.x { padding: 4px; background: url(cid:logo@example.org); font-family: "Georgia" } /* row */\n', tail: '' });
      const shapes = repeatedShapes(
        ['', 'url(', 'url(a', 'url("', "url('", '/*', '"', "'", '@import', 'expression', 'behavior', '"https:'],
        [' ', '\t', '\n', '\\', '\\0', '"', "'", ')', '(', '*', '/', '/*', 'url(', 'a', ':', '@import', 'https:', '//', '<', 'expression'],
        ['', 'b)', '"x', ')', '*/'],
      );
      expectLinearTime((css) => filterCss(css, blockingPolicy()), stylesheet, shapes, [
        { head: 'url(a', unit: ' ', tail: 'b)' },
        { head: 'url("', unit: ' ', tail: '"x' },
        { head: '', unit: '"//', tail: '' },
        { head: '', unit: '\\0', tail: '' },
      ]);
    },
    LINEAR_TIME_TEST_TIMEOUT_MS,
  );
});
