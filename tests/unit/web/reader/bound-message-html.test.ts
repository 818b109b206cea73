// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { boundMessageHtml } from '../../../../web/src/lib/reader/bound-message-html.ts';
import { TREE_DEPTH_CAP, TREE_ELEMENT_CAP } from '../../../../web/src/lib/reader/html-bounds.ts';
import { sanitizeMessageHtml } from '../../../../web/src/lib/reader/sanitize-message-html.ts';

function parsed(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

/** Depth of the deepest element under body, counted without recursion. */
function depthOf(doc: Document): number {
  let deepest = 0;
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    let depth = 0;
    for (let up = node.parentNode; up !== null && up !== doc.body; up = up.parentNode) depth += 1;
    deepest = Math.max(deepest, depth + 1);
  }
  return deepest;
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

describe('boundMessageHtml', () => {
  it('leaves an ordinary newsletter as it was: head styles, tables, links and images', () => {
    const html = '<html><head><style>p { color: red }</style></head><body><table><tr><td><a href="https://example.org/">Read</a> <img src="cid:logo" alt="Logo"></td></tr></table><p>Hi &amp; bye&nbsp;<b>now</b></p></body></html>';
    const { html: bounded, cuts } = boundMessageHtml(html);
    expect(cuts).toEqual({ flattened: 0, dataUrls: 0 });
    expect(parsed(bounded).documentElement.outerHTML).toBe(parsed(html).documentElement.outerHTML);
  });

  it('flattens 100,000 nested divs into their text, within a second, under the depth cap', () => {
    const html = `<p>First words.</p>${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}<p>Last words.</p>`;
    const { result, ms } = timed(() => boundMessageHtml(html));
    expect(ms).toBeLessThan(1_000);
    const doc = parsed(result.html);
    expect(depthOf(doc)).toBeLessThanOrEqual(TREE_DEPTH_CAP);
    expect(doc.body.textContent?.replace(/\s+/g, ' ').trim()).toBe('First words. deep Last words.');
    expect(result.cuts.flattened).toBeGreaterThan(0);
  });

  it('keeps the words of 50,000 unclosed <b> while bounding how many are elements', () => {
    const html = `<p>Start.</p>${'<b>bold '.repeat(50_000)}`;
    const { result, ms } = timed(() => boundMessageHtml(html));
    expect(ms).toBeLessThan(1_000);
    const doc = parsed(result.html);
    expect(doc.querySelectorAll('b').length).toBeLessThanOrEqual(TREE_ELEMENT_CAP);
    expect(doc.body.textContent?.match(/bold/g)).toHaveLength(50_000);
  });

  it('stops making elements past the element cap but keeps every paragraph’s text', () => {
    const html = Array.from({ length: 10_000 }, (_, i) => `<p style="color:red">p${i}</p>`).join('');
    const doc = parsed(boundMessageHtml(html).html);
    expect(doc.body.querySelectorAll('*').length).toBeLessThanOrEqual(TREE_ELEMENT_CAP);
    expect(doc.body.textContent).toContain('p0');
    expect(doc.body.textContent).toContain('p9999');
  });

  it('flattens 5,000 nested tables, keeping the innermost cell’s text', () => {
    const html = `${'<table><tr><td>'.repeat(5_000)}cell${'</td></tr></table>'.repeat(5_000)}`;
    const doc = parsed(boundMessageHtml(html).html);
    expect(depthOf(doc)).toBeLessThanOrEqual(TREE_DEPTH_CAP);
    expect(doc.body.textContent?.trim()).toBe('cell');
  });

  it('drops data: URLs past the cap but keeps the image and its alt text', () => {
    const pixel = `data:image/png;base64,${'A'.repeat(1_000)}`;
    const html = `<img src="${pixel}" alt="one"><img src="${pixel}" alt="two"><img src="${pixel}" alt="three">`;
    const { html: bounded, cuts } = boundMessageHtml(html, { depth: 48, elements: 100, dataUrlChars: 2_500 });
    const images = Array.from(parsed(bounded).querySelectorAll('img'));
    expect(images.map((img) => [img.alt, img.hasAttribute('src')])).toEqual([['one', true], ['two', true], ['three', false]]);
    expect(cuts.dataUrls).toBe(1);
  });

  it('drops foreign (SVG, MathML) elements but keeps their text, without calling the layout simplified', () => {
    const { html, cuts } = boundMessageHtml('<svg><text>in svg</text></svg><math><mi>x</mi></math>');
    const doc = parsed(html);
    expect(doc.querySelector('svg, math, text, mi')).toBeNull();
    expect(doc.body.textContent).toContain('in svg');
    expect(cuts.flattened).toBe(0);
  });

  it('hands the sanitizer nothing it would not have caught anyway: script and handlers still go', () => {
    const hostile = '<p onclick="alert(1)">x</p><script>alert(1)</script><noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript><a href="javascript:alert(1)">y</a>';
    const { html } = sanitizeMessageHtml(boundMessageHtml(hostile).html, { allowRemote: false, cidUrls: new Map() });
    expect(html).not.toMatch(/onclick|onerror|<script|javascript:/i);
  });

  it.each([
    ['a run of "<" with no ">"', '<'.repeat(1_000_000)],
    ['a run of unclosed <b>', '<b>'.repeat(330_000)],
    ['a run of nested <div>', '<div>'.repeat(200_000)],
    ['a run of nested table cells', '<table><tr><td>'.repeat(66_000)],
    ['an unclosed comment', `<!--${'-'.repeat(1_000_000)}`],
    ['an unclosed attribute value', `<a title="${'x'.repeat(1_000_000)}`],
  ])('bounds 1 MB of %s within a linear-time budget', (_name, html) => {
    const { ms } = timed(() => boundMessageHtml(html));
    // About a microsecond a character, with room for a loaded machine.
    expect(ms).toBeLessThan(5_000);
  });
});
