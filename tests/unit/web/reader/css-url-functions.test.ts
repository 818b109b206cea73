import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replaceUrlFunctions } from '../../../../web/src/lib/reader/css-url-functions.ts';
import { expectLinearTime, LINEAR_TIME_TEST_TIMEOUT_MS, repeatedShapes, repeatedText } from './linear-time.ts';
import { replaceUrlFunctionsByRegex } from './regex-reference.ts';

const mark = (argument: string) => `[${argument}]`;

/** Short CSS made of what decides where a url( argument ends. */
const urlishCss = fc
  .array(fc.constantFrom('url(', 'URL(', 'uRl(', '"', "'", ')', '(', ' ', '\t', '\n', '\f', '\u00a0', 'a', 'x:y', ';', '\\'), { maxLength: 30 })
  .map((parts) => parts.join(''));

describe('replaceUrlFunctions', () => {
  it('hands over a quoted argument without its quotes and a bare one without the spaces around it', () => {
    expect(replaceUrlFunctions('a: url( "x y" ) b; c: url(\'z\'); d: URL(  p/q.png  )', mark)).toBe('a: [x y] b; c: [z]; d: [p/q.png]');
  });

  it('runs an unclosed url( to the end of the text, as CSS does', () => {
    expect(replaceUrlFunctions('a: url(https://x.example/a.png', mark)).toBe('a: [https://x.example/a.png]');
    expect(replaceUrlFunctions('a: url("https://x.example/a.png', mark)).toBe('a: [https://x.example/a.png]');
  });

  it('reads a quoted argument with text after its string as bare, quotes included', () => {
    expect(replaceUrlFunctions('url("a" b) c', mark)).toBe('["a" b] c');
  });

  it('takes exactly what the regex it replaced took', () => {
    fc.assert(
      fc.property(urlishCss, (css) => {
        expect(replaceUrlFunctions(css, mark)).toBe(replaceUrlFunctionsByRegex(css, mark));
      }),
      { numRuns: 20_000 },
    );
  });

  it(
    'takes 1 MB of spaces, quotes or url( without a closer in about the time it takes a stylesheet',
    () => {
      const stylesheet = repeatedText({ head: '', unit: 'td { padding: 4px; background: url(cid:logo@example.org) no-repeat }\n', tail: '' });
      const shapes = repeatedShapes(['', 'url(', 'url(a', 'url("', "url('", 'url( "x"'], [' ', '\t', 'url(', '"', "'", ')', '(', 'a'], ['', 'b)', '"x', ')']);
      expectLinearTime((css) => replaceUrlFunctions(css, mark), stylesheet, shapes, [
        { head: 'url(a', unit: ' ', tail: 'b)' },
        { head: 'url("', unit: ' ', tail: '"x' },
      ]);
    },
    LINEAR_TIME_TEST_TIMEOUT_MS,
  );
});
