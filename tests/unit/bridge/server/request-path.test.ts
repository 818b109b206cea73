import { describe, expect, it } from 'vitest';
import { requestPath } from '../../../../bridge/server/request-path.ts';

describe('requestPath', () => {
  it('reads the path of an origin-form target without its query', () => {
    expect(requestPath('/healthz?x=1')).toBe('/healthz');
  });

  it('keeps a leading double slash as part of the path, never as a host', () => {
    expect(requestPath('//evil.example/healthz')).toBe('//evil.example/healthz');
    expect(requestPath('//a:b')).toBe('//a:b');
  });

  it('reads the path of an absolute-form target', () => {
    expect(requestPath('http://mail.example.org/tunnel')).toBe('/tunnel');
  });

  it('returns null instead of throwing for targets no URL parser accepts', () => {
    for (const target of ['http://[', 'http://x:99999/', '*', 'a', '', undefined, 'https://']) {
      expect(() => requestPath(target)).not.toThrow();
      expect(requestPath(target)).toBeNull();
    }
  });
});
