import { describe, expect, it } from 'vitest';
import { mailtoHref } from '../../../../web/src/lib/reader/mailto-href.ts';

describe('mailtoHref', () => {
  it('links a plain address', () => {
    expect(mailtoHref('ada@example.org')).toBe('mailto:ada@example.org');
  });

  it('percent-encodes what could add fields of its own to the link', () => {
    expect(mailtoHref('a?subject=x&body=y@example.org')).toBe('mailto:a%3Fsubject%3Dx%26body%3Dy@example.org');
  });

  it('gives no link for what is not one address', () => {
    for (const text of ['', 'undisclosed-recipients', 'a b@example.org', 'a@b@c', 'a\u0000@example.org', '@example.org']) expect(mailtoHref(text)).toBeNull();
  });
});
