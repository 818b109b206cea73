import { describe, expect, it } from 'vitest';
import { firstPartOf } from '../../../../web/src/lib/reader/first-part.ts';

describe('firstPartOf', () => {
  it('cuts just before a tag, never inside one, and leaves short HTML whole', () => {
    const html = `${'<p>abc</p>'.repeat(50)}<a href="x">tail</a>`;
    expect(firstPartOf(html, 10_000)).toBe(html);
    const part = firstPartOf(html, 105);
    expect(part).toBe('<p>abc</p>'.repeat(10));
    expect(firstPartOf('x'.repeat(300), 100)).toBe('x'.repeat(100));
  });
});
