import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from '../../../../bridge/server/origin-check.ts';

describe('isOriginAllowed', () => {
  it('accepts an Origin from the configured list', () => {
    expect(isOriginAllowed('https://mail.example.org', ['https://mail.example.org'], 'https', 'bridge.example.org')).toBe(true);
  });

  it('refuses an Origin that is not in the list, even if it is the bridge itself', () => {
    expect(isOriginAllowed('https://bridge.example.org', ['https://mail.example.org'], 'https', 'bridge.example.org')).toBe(false);
  });

  it('refuses a look-alike Origin that only shares a prefix', () => {
    expect(isOriginAllowed('https://mail.example.org.evil.example', ['https://mail.example.org'], 'https', 'x')).toBe(false);
    expect(isOriginAllowed('http://mail.example.org', ['https://mail.example.org'], 'https', 'x')).toBe(false);
  });

  it('refuses a missing or opaque Origin', () => {
    expect(isOriginAllowed(undefined, ['https://mail.example.org'], 'https', 'x')).toBe(false);
    expect(isOriginAllowed('null', null, 'http', 'localhost:8080')).toBe(false);
    expect(isOriginAllowed(undefined, null, 'http', 'localhost:8080')).toBe(false);
  });

  it('defaults to same-origin: scheme and Host must match the Origin', () => {
    expect(isOriginAllowed('http://localhost:8080', null, 'http', 'localhost:8080')).toBe(true);
    expect(isOriginAllowed('https://mail.example.org', null, 'https', 'mail.example.org')).toBe(true);
    expect(isOriginAllowed('https://mail.example.org', null, 'https', 'MAIL.example.org:443')).toBe(true);
    expect(isOriginAllowed('http://localhost:8080', null, 'https', 'localhost:8080')).toBe(false);
    expect(isOriginAllowed('http://evil.example', null, 'http', 'localhost:8080')).toBe(false);
    expect(isOriginAllowed('http://localhost:8081', null, 'http', 'localhost:8080')).toBe(false);
  });

  it('refuses same-origin when the request has no Host', () => {
    expect(isOriginAllowed('http://localhost:8080', null, 'http', undefined)).toBe(false);
  });

  it('on a loopback bridge, refuses a same-origin page whose Host is a name rebound to loopback', () => {
    expect(isOriginAllowed('http://evil.example:8080', null, 'http', 'evil.example:8080', true)).toBe(false);
    expect(isOriginAllowed('http://localhost:8080', null, 'http', 'localhost:8080', true)).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:8080', null, 'http', '127.0.0.1:8080', true)).toBe(true);
    expect(isOriginAllowed('http://[::1]:8080', null, 'http', '[::1]:8080', true)).toBe(true);
    // A configured allowlist is exact and is not narrowed further.
    expect(isOriginAllowed('https://mail.example.org', ['https://mail.example.org'], 'https', 'mail.example.org', true)).toBe(true);
  });
});
