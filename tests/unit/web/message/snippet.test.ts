import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSnippet, SNIPPET_LENGTH, SNIPPET_SOURCE_MAX_CHARS } from '../../../../web/src/lib/message/snippet.ts';
import { fastestMs, repeatTo } from '../../../support/scan-time.ts';

/** The snippet as the whole text read gives it: every whitespace run collapsed, then cut. */
function wholeTextSnippet(source: string): string {
  const collapsed = source.slice(0, SNIPPET_SOURCE_MAX_CHARS).replace(/\s+/g, ' ').trim();
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

  it('gives what the whole text read gives, for texts far longer than a snippet and for those just around it', () => {
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

  it('reads only the start of a part, so text past the cap never reaches the snippet', () => {
    expect(makeSnippet(' '.repeat(SNIPPET_SOURCE_MAX_CHARS) + 'late', undefined)).toBe('');
    expect(makeSnippet(' '.repeat(SNIPPET_SOURCE_MAX_CHARS) + 'late', '<p>html</p>')).toBe('html');
    expect(makeSnippet(undefined, '<p>' + ' '.repeat(SNIPPET_SOURCE_MAX_CHARS) + 'late</p>')).toBe('');
    // A cut between the halves of a surrogate pair would leave half a character.
    expect(makeSnippet(' '.repeat(SNIPPET_SOURCE_MAX_CHARS - 1) + '😀', undefined)).toBe('');
  });

  it('costs the same for 1 MB of hostile text or HTML as for 1 MB of ordinary text', () => {
    const benignMs = fastestMs(() => makeSnippet(repeatTo('Hello there, a line of ordinary mail.\r\n'), undefined));
    for (const [text, html] of [
      [undefined, repeatTo('<')],
      [undefined, repeatTo('<!--')],
      [undefined, repeatTo('<style>')],
      ['', repeatTo('<a')],
      [repeatTo('a'), undefined],
      [repeatTo(' \r\n\t'), repeatTo('<')],
    ] as const) {
      // Both read at most SNIPPET_SOURCE_MAX_CHARS: well under 100 ms; the regexes took minutes.
      expect(fastestMs(() => makeSnippet(text, html))).toBeLessThan(500 + 20 * benignMs);
    }
  });
});
