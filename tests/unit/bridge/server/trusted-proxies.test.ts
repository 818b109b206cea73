import { describe, expect, it } from 'vitest';
import { TrustedProxies } from '../../../../bridge/server/trusted-proxies.ts';

describe('TrustedProxies', () => {
  it('trusts only the listed balancer addresses, in any spelling', () => {
    const proxies = new TrustedProxies(['127.0.0.2', '2001:db8::7']);
    expect(proxies.trusts('127.0.0.2')).toBe(true);
    expect(proxies.trusts('::ffff:127.0.0.2')).toBe(true);
    expect(proxies.trusts('2001:0db8:0:0:0:0:0:0007')).toBe(true);
    expect(proxies.trusts('127.0.0.1')).toBe(false);
    expect(proxies.trusts('2001:db8::8')).toBe(false);
    expect(proxies.trusts(undefined)).toBe(false);
  });

  it('trusts every peer with true and none with false', () => {
    expect(new TrustedProxies(true).trusts('203.0.113.9')).toBe(true);
    expect(new TrustedProxies(false).trusts('127.0.0.1')).toBe(false);
  });
});
