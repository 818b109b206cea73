// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { sanitizeMessageHtml } from '../../../../web/src/lib/reader/sanitize-message-html.ts';
import { markTextNodes } from '../../../../web/src/lib/search/mark-text-nodes.ts';

function marked(html: string, terms: string[]): Document {
  const result = sanitizeMessageHtml(html, { allowRemote: false, cidUrls: new Map(), highlight: terms });
  return new DOMParser().parseFromString(`<!doctype html><body>${result.html}`, 'text/html');
}

describe('markTextNodes', () => {
  it('wraps the searched words of text nodes in <mark>, whatever their case and accents', () => {
    const doc = marked('<p>Die <b>Frösche</b> und die frosche</p><a href="https://example.org/frosche">Frösche here</a>', ['frosche']);
    expect(Array.from(doc.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['Frösche', 'frosche', 'Frösche']);
    expect(doc.querySelector('a')?.getAttribute('href')).toBe('https://example.org/frosche');
    expect(doc.body.textContent).toBe('Die Frösche und die froscheFrösche here');
  });

  it('leaves styles and attributes alone', () => {
    const doc = marked('<style>.frosche { color: red }</style><p title="frosche" class="frosche">x</p>', ['frosche']);
    expect(doc.querySelectorAll('mark')).toHaveLength(0);
    expect(doc.querySelector('style')?.textContent).toContain('.frosche');
  });

  it('never turns escaped text into markup', () => {
    const doc = marked('<p>&lt;img src=x onerror=alert(1)&gt; hello &lt;/p&gt;</p>', ['hello', 'img']);
    expect(doc.querySelectorAll('img')).toHaveLength(0);
    expect(Array.from(doc.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['img', 'hello']);
    expect(doc.body.textContent).toBe('<img src=x onerror=alert(1)> hello </p>');
  });

  it('changes nothing without terms', () => {
    const root = document.createElement('div');
    root.innerHTML = '<p>hello</p>';
    markTextNodes(root, []);
    expect(root.innerHTML).toBe('<p>hello</p>');
  });
});
