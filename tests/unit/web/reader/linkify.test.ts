import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanLinks } from '../../../../web/src/lib/reader/link-scanner.ts';
import { LINKIFY_MAX_LINK_LENGTH, LINKIFY_MAX_LINKS, LINKIFY_SCAN_LIMIT, linkify, type TextSegment } from '../../../../web/src/lib/reader/linkify.ts';
import { ADVERSARIAL_LENGTH, expectLinearTime, LINEAR_TIME_TEST_TIMEOUT_MS, repeatedShapes, repeatedText, type RepeatedShape } from './linear-time.ts';
import { linkifyByRegex } from './regex-reference.ts';

/** Short texts made of what decides a link: scheme prefixes, address and URL characters, stops. */
const linkishText = fc
  .array(
    fc.constantFrom('a', 'Z', '0', '_', '.', ',', ';', ':', '!', '?', "'", '*', '%', '+', '-', '@', '(', ')', '/', '<', '>', '"', ' ', '\n', '\u00a0', '\u2028', 'é', 'http://', 'https://', 'mailto:', 'HTTP://', 'org', 'x.yz'),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const linkTexts = (segments: TextSegment[]): string[] => segments.flatMap((segment) => (segment.kind === 'link' ? [segment.text] : []));

const PROSE = 'Dear Ada, the minutes are at https://example.org/minutes?id=12 (see item 3), or write to ada@example.org. Thanks!\n';

/** Long runs of one delimiter without its closer, and of separators: what made the regex slow. */
const LINK_SHAPES = repeatedShapes(
  ['', 'http://x', 'https://x', 'mailto:', 'a@', 'a@b', '(http://x', 'x '],
  ['a', '.', '@', ')', '(', '-', '_', ',', '*', ':', '/', "'", '%', ' ', 'b.', 'a@', 'http://', 'mailto:'],
  ['', 'b)', '.org', 'x', ' '],
);
const KNOWN_SLOW: RepeatedShape[] = [
  { head: '', unit: 'a.', tail: '' },
  { head: 'http://x', unit: '.', tail: 'y' },
  { head: 'http://x', unit: ')', tail: '' },
  { head: 'a@', unit: 'b.', tail: '' },
];

describe('linkify', () => {
  it('returns plain text as one text segment', () => {
    expect(linkify('Hello there.')).toEqual([{ kind: 'text', text: 'Hello there.' }]);
  });

  it('makes http and https URLs links and keeps the text around them', () => {
    expect(linkify('See https://example.org/a?b=1 and http://x.example.')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.example', href: 'http://x.example' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('links mailto: URLs and bare addresses as mailto', () => {
    expect(linkify('Write to ada@example.org or mailto:bob@example.org')).toEqual([
      { kind: 'text', text: 'Write to ' },
      { kind: 'link', text: 'ada@example.org', href: 'mailto:ada@example.org' },
      { kind: 'text', text: ' or ' },
      { kind: 'link', text: 'mailto:bob@example.org', href: 'mailto:bob@example.org' },
    ]);
  });

  it('leaves a closing parenthesis to the sentence unless the URL opened one', () => {
    expect(linkify('(see https://x.example/a)').find((s) => s.kind === 'link')?.text).toBe('https://x.example/a');
    expect(linkify('https://en.example/wiki/A_(b)').find((s) => s.kind === 'link')?.text).toBe('https://en.example/wiki/A_(b)');
  });

  it('stops a URL at angle brackets and quotes', () => {
    expect(linkify('<https://x.example/a>').find((s) => s.kind === 'link')?.text).toBe('https://x.example/a');
    expect(linkify('"https://x.example/b"').find((s) => s.kind === 'link')?.text).toBe('https://x.example/b');
  });

  it('never links javascript:, data: or other schemes', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'ftp://x.example']) {
      expect(linkify(text).every((s) => s.kind === 'text' || /^(?:https?:|mailto:)/.test(s.href))).toBe(true);
    }
  });

  it('keeps markup in text as text, so it is shown and not parsed', () => {
    const text = '<img src=x onerror=alert(1)> https://x.example';
    expect(linkify(text).map((s) => s.text).join('')).toBe(text);
  });

  it('loses no character of the input', () => {
    const text = 'a https://x.example/p?q=1, b (https://y.example) c ada@example.org. d';
    expect(linkify(text).map((s) => s.text).join('')).toBe(text);
  });

  it('links exactly what the regex it replaced linked', () => {
    fc.assert(
      fc.property(linkishText, (text) => {
        expect(linkify(text)).toEqual(linkifyByRegex(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('shows text past the scan limit unlinked, but finishes a link that starts before it', () => {
    const crossing = 'https://x.example/' + 'p'.repeat(40);
    const text = 'a'.repeat(LINKIFY_SCAN_LIMIT - 20) + ' ' + crossing + ' ada@example.org';
    expect(linkTexts(linkify(text))).toEqual([crossing]);
    expect(linkify(text).map((s) => s.text).join('')).toBe(text);
  });

  it(`links no more than ${LINKIFY_MAX_LINKS} links and keeps the rest as text`, () => {
    const text = 'ada@example.org '.repeat(LINKIFY_MAX_LINKS + 5);
    const segments = linkify(text);
    expect(linkTexts(segments)).toHaveLength(LINKIFY_MAX_LINKS);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it(`leaves a URL or address longer than ${LINKIFY_MAX_LINK_LENGTH} characters as text`, () => {
    const longUrl = 'https://x.example/' + 'p'.repeat(LINKIFY_MAX_LINK_LENGTH);
    const longAddress = 'a.'.repeat(LINKIFY_MAX_LINK_LENGTH) + 'a@example.org';
    const segments = linkify(`${longUrl} ${longAddress} https://short.example`);
    expect(linkTexts(segments)).toEqual(['https://short.example']);
  });

  it(
    'takes a 1 MB run of separators or unclosed delimiters in about the time it takes prose',
    () => {
      expectLinearTime(linkify, repeatedText({ head: '', unit: PROSE, tail: '' }), LINK_SHAPES, KNOWN_SLOW);
    },
    LINEAR_TIME_TEST_TIMEOUT_MS,
  );

  it(
    'scans all of 1 MB, past the caps, in about the time it takes prose',
    () => {
      const scanAll = (text: string) => scanLinks(text, { startBefore: text.length, maxLength: text.length, maxCount: text.length });
      expect(ADVERSARIAL_LENGTH).toBeGreaterThan(LINKIFY_SCAN_LIMIT);
      expectLinearTime(scanAll, repeatedText({ head: '', unit: PROSE, tail: '' }), LINK_SHAPES, KNOWN_SLOW);
    },
    LINEAR_TIME_TEST_TIMEOUT_MS,
  );
});
