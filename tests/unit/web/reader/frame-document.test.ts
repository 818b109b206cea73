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

  it('gives mail HTML a light canvas of its own in the dark theme, and inverts nothing', () => {
    const doc = buildFrameDocument('<p>hi</p><img src="data:image/png;base64,AA==">', false);
    const style = doc.slice(doc.indexOf('<style>'), doc.indexOf('</style>'));
    expect(style).toMatch(/html \{[^}]*color-scheme: light;[^}]*background: #fff;/);
    expect(style).not.toMatch(/invert|filter/);
  });

  it('makes the letter a Tab stop that shows focus, so the keyboard can scroll it', () => {
    const doc = buildFrameDocument('<p>hi</p>', false);
    expect(doc).toContain('<body tabindex="0">');
    const style = doc.slice(doc.indexOf('<style>'), doc.indexOf('</style>'));
    expect(style).toMatch(/body:focus-visible \{[^}]*outline: 3px solid/);
  });
});
