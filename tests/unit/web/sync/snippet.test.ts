import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSnippet, SNIPPET_LENGTH } from '../../../../web/src/lib/sync/snippet.ts';

/** The snippet as the whole text gives it: every whitespace run collapsed, then cut. */
function wholeTextSnippet(source: string): string {
  const collapsed = source.replace(/\s+/g, ' ').trim();
  return collapsed.length <= SNIPPET_LENGTH ? collapsed : collapsed.slice(0, SNIPPET_LENGTH - 1).trimEnd() + '…';
}

/** Text weighted towards what decides the cut: runs of mixed whitespace, long and short. */
const piece = fc.oneof(
  fc.constantFrom(' ', '\r\n', '\t', '\u00a0', '\u2003', '    \r\n\r\n   '),
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom(' '.repeat(1500), 'x'.repeat(158), 'é'.repeat(40), '😀'),
);
const text = fc.array(piece, { maxLength: 400 }).map((pieces) => pieces.join(''));

describe('makeSnippet', () => {
  it('collapses whitespace and cuts at 160 characters with an ellipsis', () => {
    expect(makeSnippet('  Hello\r\n\r\n  world\t!  ', undefined)).toBe('Hello world !');
    const long = makeSnippet('word '.repeat(100), undefined);
    expect(long).toHaveLength(SNIPPET_LENGTH);
    expect(long.endsWith('word…')).toBe(true);
  });

  it('gives what the whole text gives, for texts far longer than a snippet and for those just around it', () => {
    fc.assert(
      fc.property(text, (source) => {
        expect(makeSnippet(source, undefined)).toBe(wholeTextSnippet(source));
      }),
      { numRuns: 2000 },
    );
    for (const source of [
      'a'.repeat(161) + ' '.repeat(5000),
      'a'.repeat(160) + ' '.repeat(5000) + 'b',
      ' '.repeat(1023) + 'a'.repeat(200),
      'a '.repeat(80) + ' '.repeat(3000),
      'a '.repeat(81) + '\n'.repeat(3000) + 'tail',
    ]) {
      expect(makeSnippet(source, undefined)).toBe(wholeTextSnippet(source));
    }
  });

  it('strips tags from HTML when there is no text part', () => {
    expect(makeSnippet(undefined, '<style>p{}</style><p>Hi &amp; <b>bye</b></p>')).toBe('Hi & bye');
  });
});
