import { describe, expect, it } from 'vitest';
import { buildFrameDocument, frameContentSecurityPolicy } from '../../../../web/src/lib/reader/frame-document.ts';

describe('frameContentSecurityPolicy', () => {
  it('allows no script and no network by default', () => {
    const csp = frameContentSecurityPolicy(false);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|http:|https:/);
    expect(csp).toContain('img-src data: blob:;');
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  it('opens images, styles and fonts to http(s) only when remote content is allowed, still with no script', () => {
    const csp = frameContentSecurityPolicy(true);
    expect(csp).toContain('img-src data: blob: http: https:');
    expect(csp).toContain("style-src 'unsafe-inline' http: https:");
    expect(csp).toContain('font-src data: http: https:');
    expect(csp).not.toContain('script-src');
  });
});

describe('buildFrameDocument', () => {
  it('puts the CSP meta first in the head, before any message markup, and a blank base target', () => {
    const doc = buildFrameDocument('<p>hi</p>', false);
    const cspAt = doc.indexOf('http-equiv="Content-Security-Policy"');
    expect(cspAt).toBeGreaterThan(0);
    expect(cspAt).toBeLessThan(doc.indexOf('<p>hi</p>'));
    expect(doc).toContain('<base target="_blank">');
  });
});
