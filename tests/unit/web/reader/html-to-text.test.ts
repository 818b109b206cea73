import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../../../web/src/lib/reader/html-to-text.ts';

describe('htmlToText', () => {
  it('renders paragraphs as blocks, breaks as lines, and decodes numeric and basic named references', () => {
    expect(htmlToText('<p>Fish &amp; chips</p><p>caf&eacute; &#233;&#x20AC;<br>next</p>', 1_000).text).toBe('Fish & chips\n\ncaf&eacute; é€\nnext');
  });

  it('leaves out style, script, title and comments', () => {
    const html = '<html><head><title>T</title><STYLE>p{color:red}</Style></head><body><!-- hidden --><script>var x = "<p>";</script>Shown</body></html>';
    expect(htmlToText(html, 1_000).text).toBe('Shown');
  });

  it('stops at the cap and says the text was cut', () => {
    const { text, truncated } = htmlToText(`<p>${'word '.repeat(10_000)}</p>`, 100);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(truncated).toBe(true);
  });

  it('keeps the text before a "<" that never closes', () => {
    expect(htmlToText('Hello <b>world</b> and then <a', 1_000)).toEqual({ text: 'Hello world and then', truncated: false });
  });

  it.each([
    ['a run of "<" with no ">"', '<'.repeat(1_000_000)],
    ['a run of spaces with no newline', `a${' '.repeat(1_000_000)}b`],
    ['an unclosed <style>', `<style>${'</styl'.repeat(170_000)}`],
    ['an unclosed comment', `<!--${'-'.repeat(1_000_000)}`],
  ])('renders 1 MB of %s within a linear-time budget', (_name, html) => {
    const start = performance.now();
    htmlToText(html, 1_000_000);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});
