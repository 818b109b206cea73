// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { sanitizeMessageHtml } from '../../../../web/src/lib/reader/sanitize-message-html.ts';

const NO_CIDS = new Map<string, string>();

function clean(html: string, allowRemote = false, cidUrls: ReadonlyMap<string, string> = NO_CIDS): { html: string; blockedRemote: number; doc: Document } {
  const result = sanitizeMessageHtml(html, { allowRemote, cidUrls });
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${result.html}`, 'text/html');
  return { ...result, doc };
}

/** Everything in the output that could run script, whatever the element. */
function executableBits(doc: Document): string[] {
  const found: string[] = [];
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const tag = el.localName;
    if (['script', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'meta', 'base', 'link', 'svg', 'math', 'noscript'].includes(tag)) found.push(`<${tag}>`);
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name)) found.push(`${tag}[${attr.name}]`);
      if (/^\s*(?:javascript|vbscript|data:text\/html)/i.test(attr.value.replace(/[\u0000-\u0020]/g, ''))) found.push(`${tag}[${attr.name}=${attr.value}]`);
    }
  }
  return found;
}

/** Everything in the output that would reach the network. */
function remoteBits(doc: Document, html: string): string[] {
  const found: string[] = [];
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const name of ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc']) {
      const value = el.getAttribute(name);
      if (value !== null && !value.startsWith('data:image/')) found.push(`${el.localName}[${name}=${value}]`);
    }
  }
  if (/url\(\s*["']?\s*(?!data:image\/)[^)\s"']/i.test(html)) found.push('url(…) in CSS');
  if (/@import/i.test(html)) found.push('@import');
  if (/https?:\/\/evil/i.test(html.replace(/href="[^"]*"/g, ''))) found.push('evil URL outside href');
  return found;
}

const HOSTILE: Array<[string, string]> = [
  ['a script element', '<p>hi</p><script>alert(1)</script>'],
  ['a script in the head of a whole document', '<html><head><script>alert(1)</script></head><body onload="alert(1)">x</body></html>'],
  ['an img onerror handler', '<img src=x onerror="alert(1)">'],
  ['an svg onload handler', '<svg onload="alert(1)"><circle r=5 /></svg>'],
  ['svg with a script inside', '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'],
  ['a javascript: link', '<a href="javascript:alert(1)">x</a>'],
  ['an obfuscated javascript: link', '<a href="&#x6A;ava&#x09;script&colon;alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a>'],
  ['a vbscript: link', '<a href="vbscript:msgbox(1)">x</a>'],
  ['a data:text/html link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['a data:text/html img', '<img src="data:text/html,<script>alert(1)</script>">'],
  ['a meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>x</p>'],
  ['a form with inputs', '<form action="https://evil.example/login"><input name=p type=password><button formaction="javascript:alert(1)">go</button><textarea></textarea><select><option>1</select></form>'],
  ['a base href', '<base href="https://evil.example/"><a href="x">x</a>'],
  ['nested iframes', '<iframe srcdoc="<script>alert(1)</script>"></iframe><iframe src="https://evil.example/"></iframe>'],
  ['object and embed', '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">'],
  ['a link stylesheet', '<link rel=stylesheet href="https://evil.example/a.css">'],
  ['mXSS: noscript with a closing tag in an attribute', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ['mXSS: svg/style namespace confusion', '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'],
  ['mXSS: math/mglyph', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>'],
  ['mXSS: form/math nesting', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>'],
  ['a style element closing itself', '<style>p{color:red}</style><style>&lt;/style&gt;<img src=x onerror=alert(1)></style>'],
  ['template content', '<template><img src=x onerror=alert(1)></template>'],
  ['an anchor with an event handler and ping', '<a href="https://ok.example" onclick="alert(1)" ping="https://evil.example/p">ok</a>'],
];

describe('sanitizeMessageHtml against hostile input', () => {
  for (const [name, input] of HOSTILE) {
    it(`leaves nothing executable or remote from ${name}`, () => {
      const { html, doc } = clean(input);
      expect(executableBits(doc)).toEqual([]);
      expect(remoteBits(doc, html)).toEqual([]);
      expect(html).not.toMatch(/alert\(1\)|msgbox/);
    });
  }
});

describe('sanitizeMessageHtml and remote content', () => {
  it('removes a remote image and counts it', () => {
    const { doc, blockedRemote } = clean('<p>hi</p><img src="https://evil.example/pixel.gif" alt="logo">');
    expect(doc.querySelector('img')?.hasAttribute('src')).toBe(false);
    expect(doc.querySelector('img')?.getAttribute('alt')).toBe('logo');
    expect(blockedRemote).toBe(1);
  });

  it('treats scheme-relative, backslashed and slashless http URLs as remote', () => {
    const { html, doc, blockedRemote } = clean('<img src="//evil.example/a"><img src="\\\\evil.example\\b"><img src="https:evil.example/c"><img src=" ht\ttps://evil.example/d">');
    expect(remoteBits(doc, html)).toEqual([]);
    expect(blockedRemote).toBe(4);
  });

  it('removes remote srcset, background and poster attributes and counts each', () => {
    const { html, doc, blockedRemote } = clean('<img srcset="https://evil.example/a.png 1x, https://evil.example/b.png 2x"><table background="http://evil.example/bg.png"><tr><td background="https://evil.example/td.png">x</td></tr></table><picture><source srcset="https://evil.example/c.webp"></picture>');
    expect(remoteBits(doc, html)).toEqual([]);
    expect(blockedRemote).toBe(4);
  });

  it('removes remote url() from style attributes, escaped or unclosed, and counts each', () => {
    const input = '<div style="background: url(https://evil.example/a.png) no-repeat">a</div>' +
      '<div style="background-image: \\75 rl(https://evil.example/b.png)">b</div>' +
      '<div style="background-image: url(\'\\68ttps://evil.example/c.png\')">c</div>' +
      '<div style="background: url(https://evil.example/d.png">d</div>' +
      '<div style="background-image: image-set(\'https://evil.example/e.png\' 1x)">e</div>';
    const { html, doc, blockedRemote } = clean(input);
    expect(remoteBits(doc, html)).toEqual([]);
    expect(blockedRemote).toBe(5);
  });

  it('never turns an escaped backslash into a url() the browser would load, even with remote content allowed', () => {
    // `\\75 rl(` is a literal backslash then "75 rl(" in CSS, not url(. Decoded once and written
    // back out, it would read as `\75 rl(`, which the browser decodes into url(.
    const input = '<div style="background: \\\\75 rl(https://evil.example/a.png)">a</div>' +
      '<style>p { background: \\\\75 rl(https://evil.example/b.png) }</style><p>b</p>';
    for (const allowRemote of [false, true]) {
      const { html } = clean(input, allowRemote);
      expect(html).not.toContain('\\');
      expect(html).not.toMatch(/url\(/i);
    }
  });

  it('removes remote url() and @import from style elements, including those in the head', () => {
    const input = '<html><head><style>@import url("https://evil.example/a.css"); @import "https://evil.example/b.css"; body { background: url(https://evil.example/bg.png) } @font-face { font-family: x; src: url(https://evil.example/f.woff) } h1 { color: red }</style></head><body><h1>x</h1></body></html>';
    const { html, doc, blockedRemote } = clean(input);
    expect(remoteBits(doc, html)).toEqual([]);
    expect(doc.querySelector('style')?.textContent).toContain('color: red');
    expect(blockedRemote).toBe(2);
  });

  it('keeps remote images, srcset and CSS url() when remote content is allowed, without counting', () => {
    const { doc, blockedRemote } = clean('<img src="https://news.example/a.png" srcset="https://news.example/a2.png 2x"><div style="background: url(https://news.example/bg.png)">x</div>', true);
    const img = doc.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('https://news.example/a.png');
    expect(img.getAttribute('srcset')).toBe('https://news.example/a2.png 2x');
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(doc.querySelector('div')?.getAttribute('style')).toContain('url("https://news.example/bg.png")');
    expect(blockedRemote).toBe(0);
  });

  it('still removes script and handlers when remote content is allowed', () => {
    const { doc } = clean('<img src="https://news.example/a.png" onload="alert(1)"><script>alert(1)</script>', true);
    expect(executableBits(doc)).toEqual([]);
  });

  it('drops relative resource URLs, which would resolve against the app itself', () => {
    const { doc, blockedRemote } = clean('<img src="/api/secret.png"><img src="pixel.gif">');
    expect(Array.from(doc.querySelectorAll('img')).map((img) => img.getAttribute('src'))).toEqual([null, null]);
    expect(blockedRemote).toBe(0);
  });

  it('reports zero blocked resources for a message with none', () => {
    expect(clean('<p>Just <b>text</b> and <a href="https://example.org">a link</a></p>').blockedRemote).toBe(0);
  });
});

describe('sanitizeMessageHtml and cid images', () => {
  const cidUrls = new Map([['logo@example.org', 'data:image/png;base64,iVBORw0KGgo=']]);

  it('rewrites a cid: src to the provided URL, case-insensitively and %-decoded', () => {
    const { doc } = clean('<img src="cid:logo@example.org"><img src="CID:Logo%40example.org">', false, cidUrls);
    expect(Array.from(doc.querySelectorAll('img')).map((img) => img.getAttribute('src'))).toEqual(['data:image/png;base64,iVBORw0KGgo=', 'data:image/png;base64,iVBORw0KGgo=']);
  });

  it('rewrites cid: in CSS url() and background attributes', () => {
    const { doc } = clean('<td background="cid:logo@example.org"><div style="background:url(cid:logo@example.org)">x</div></td>', false, cidUrls);
    expect(doc.querySelector('div')?.getAttribute('style')).toContain('url("data:image/png;base64,iVBORw0KGgo=")');
  });

  it('drops a cid: reference with no matching part, without counting it as remote', () => {
    const { doc, blockedRemote } = clean('<img src="cid:missing@example.org" alt="x">', false, cidUrls);
    expect(doc.querySelector('img')?.hasAttribute('src')).toBe(false);
    expect(blockedRemote).toBe(0);
  });
});

describe('sanitizeMessageHtml and links', () => {
  it('makes http, https and mailto links open in a new context without opener or referrer', () => {
    const { doc } = clean('<a href="https://example.org" target="_self">a</a><a href="mailto:ada@example.org">b</a>');
    for (const a of Array.from(doc.querySelectorAll('a'))) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('removes hrefs that are relative or of another scheme', () => {
    const { doc } = clean('<a href="/settings">a</a><a href="file:///etc/passwd">b</a><a href="#top">c</a>');
    expect(Array.from(doc.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual([null, null, null]);
  });

  it('keeps ordinary formatting', () => {
    const { doc } = clean('<table><tr><td style="color: #333; padding: 4px"><b>Bold</b> <i>it</i></td></tr></table>');
    expect(doc.querySelector('td')?.getAttribute('style')).toBe('color: #333; padding: 4px');
    expect(doc.querySelector('b')?.textContent).toBe('Bold');
  });
});
