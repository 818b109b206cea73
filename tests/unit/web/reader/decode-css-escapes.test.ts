import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCssEscapes } from '../../../../web/src/lib/reader/decode-css-escapes.ts';
import { expectLinearTime, LINEAR_TIME_TEST_TIMEOUT_MS, repeatedShapes, repeatedText } from './linear-time.ts';
import { decodeCssEscapesByRegex } from './regex-reference.ts';

/** Short CSS made of escapes of every kind and what may follow them. */
const escapedCss = fc
  .array(fc.constantFrom('\\', '\\\\', '0', '7', '5', 'f', 'F', 'g', ' ', '\t', '\r', '\n', '\r\n', '\f', 'u', '(', '😀', '\ud800', 'd800', '110000'), { maxLength: 30 })
  .map((parts) => parts.join(''));

describe('decodeCssEscapes', () => {
  it('decodes hex escapes and the one whitespace after them, as the browser does before it sees url(', () => {
    expect(decodeCssEscapes('\\75 rl(\\68ttps://x)')).toBe('url(https://x)');
    expect(decodeCssEscapes('\\000075rl(')).toBe('url(');
  });

  it('turns NUL, surrogates and code points past U+10FFFF into U+FFFD', () => {
    expect(decodeCssEscapes('\\0 \\d800 \\110000 ')).toBe('\ufffd\ufffd\ufffd');
  });

  it('drops an escaped newline, keeps any other escaped character, and keeps a backslash that ends the text', () => {
    expect(decodeCssEscapes('a\\\nb\\\r\nc \\( \\\\ d\\')).toBe('abc ( \\ d\\');
  });

  it('decodes exactly what the regex it replaced decoded', () => {
    fc.assert(
      fc.property(escapedCss, (css) => {
        expect(decodeCssEscapes(css)).toBe(decodeCssEscapesByRegex(css));
      }),
      { numRuns: 20_000 },
    );
  });

  it(
    'takes 1 MB of backslashes and hex digits in about the time it takes a stylesheet',
    () => {
      const stylesheet = repeatedText({ head: '', unit: 'td { padding: 4px; font-family: "\\5b8b\\4f53", serif }\n', tail: '' });
      const shapes = repeatedShapes(['', '\\', '\\0'], ['\\', '\\0', '\\f', 'f', '0', ' ', '\r\n', '\\\r'], ['', '\\']);
      expectLinearTime(decodeCssEscapes, stylesheet, shapes, [{ head: '', unit: '\\', tail: '' }, { head: '', unit: '\\0', tail: '' }]);
    },
    LINEAR_TIME_TEST_TIMEOUT_MS,
  );
});
