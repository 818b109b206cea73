import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../../../bridge/server/security-headers.ts';

function directive(name: string): string[] {
  const found = CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name);
  return found?.slice(1) ?? [];
}

describe('the app CSP', () => {
  it('lets only the app itself run script (no inline script, no eval)', () => {
    expect(directive('default-src')).toEqual(["'self'"]);
    expect(directive('script-src')).toEqual([]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|'unsafe-inline'[^;]*script|script-src/);
  });

  it('allows remote images so the reader frame can show them once the user asks (its own CSP gates them)', () => {
    expect(directive('img-src')).toEqual(["'self'", 'data:', 'blob:', 'http:', 'https:']);
  });

  it('keeps remote stylesheets, fonts and plugins out', () => {
    expect(directive('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(directive('base-uri')).toEqual(["'none'"]);
    expect(directive('frame-ancestors')).toEqual(["'none'"]);
  });

  it('is sent with every response, together with the other security headers', () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
  });

  it('is documented in docs/BRIDGE.md exactly as it is sent', () => {
    const doc = readFileSync(new URL('../../../../docs/BRIDGE.md', import.meta.url), 'utf8');
    expect(doc).toContain(`Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\``);
  });
});
