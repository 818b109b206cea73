import { describe, expect, it } from 'vitest';
import { linkify } from '../../../../web/src/lib/reader/linkify.ts';

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
});
