import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlPreviewText } from '../../../../web/src/lib/message/html-preview-text.ts';
import { fastestMs, repeatTo } from '../../../support/scan-time.ts';

/** The regexes htmlPreviewText replaced, kept as the reference for well-formed input (quadratic on hostile input). */
function regexStrip(html: string): string {
  return html
    .replace(/<(style|script|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&#(\d+);/g, (_, n: string) => {
      const code = Number(n);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    });
}

const plainText = fc.string({ maxLength: 20 }).map((s) => s.replace(/[<>&-]/g, ''));
/** Pieces that each close what they open, so the order the old regexes ran in does not matter. */
const wellFormedPiece = fc.oneof(
  plainText,
  fc.constantFrom('<p>', '</p>', '<b class="x">', '</B>', '<br/>', '<a href="x?a=1&b=2">', '&nbsp;', '&AMP;', '&lt;', '&gt;', '&quot;', '&#39;', '&apos;', '&#233;', '&#0;', '&#99999999;', '&copy;', '& '),
  plainText.map((t) => `<!--${t}-->`),
  fc.tuple(fc.constantFrom('style', 'SCRIPT', 'head', 'Style'), plainText, fc.constantFrom('', ' ', '\n')).map(([name, body, space]) => `<${name} type="x">${body}</${name.toLowerCase()}${space}>`),
  plainText.map((t) => `<stylesheet>${t}`),
);

/** Inputs that made the regexes retry from every opener to the end of the text. */
const HOSTILE_UNITS = ['<', '<!--', '<style', '<style>', '<script x', '<head>a</head', '</style', '<a', '&#', '&#1', '&', '-->', '< >', '<<>', '<style></styl'];

describe('htmlPreviewText', () => {
  it('reads well-formed HTML as the regex stripping it replaced did', () => {
    fc.assert(
      fc.property(fc.array(wellFormedPiece, { maxLength: 60 }), (pieces) => {
        const html = pieces.join('');
        expect(htmlPreviewText(html)).toBe(regexStrip(html));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps a < that no > follows as text, and drops style, script and head with their content', () => {
    expect(htmlPreviewText('a < b and c <d')).toBe('a < b and c <d');
    expect(htmlPreviewText('<head><title>T</title></head ><STYLE>p{}</style>x<script>1<2</script>y')).toBe('  x y');
    expect(htmlPreviewText('<style>no closer <b>bold</b>')).toBe(' no closer  bold ');
    expect(htmlPreviewText('<!-- unclosed <b>x')).toBe(' x');
  });

  it('reads 1 MB of one opener with no closer in linear time', () => {
    const benignMs = fastestMs(() => htmlPreviewText(repeatTo('<p>Hello &amp; welcome</p> ')));
    fc.assert(
      fc.property(fc.constantFrom(...HOSTILE_UNITS), fc.constantFrom('', 'x', '>'), (unit, tail) => {
        const ms = fastestMs(() => htmlPreviewText(repeatTo(unit) + tail), 1);
        // A linear scan: ~10 ms here; the regexes took minutes on 1 MB of '<'.
        expect(ms).toBeLessThan(1000 + 20 * benignMs);
      }),
      { numRuns: 30 },
    );
  });
});
