import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, limitKey, requestScheme } from '../../../../bridge/server/client-address.ts';

const request = (remoteAddress: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it('uses the socket address and ignores X-Forwarded-For unless the proxy is trusted', () => {
    expect(clientAddress(request('203.0.113.9', { 'x-forwarded-for': '1.2.3.4' }), false)).toBe('203.0.113.9');
  });

  it('takes the rightmost X-Forwarded-For entry behind a trusted proxy', () => {
    expect(clientAddress(request('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.4' }), true)).toBe('198.51.100.4');
  });

  it('counts an IPv4-mapped client as its IPv4 address', () => {
    expect(clientAddress(request('::ffff:192.0.2.1'), false)).toBe('192.0.2.1');
  });
});

describe('requestScheme', () => {
  it('is https when the bridge terminates TLS, http otherwise', () => {
    expect(requestScheme(request('1.1.1.1'), true, false)).toBe('https');
    expect(requestScheme(request('1.1.1.1', { 'x-forwarded-proto': 'https' }), false, false)).toBe('http');
  });

  it('follows X-Forwarded-Proto behind a trusted proxy', () => {
    expect(requestScheme(request('1.1.1.1', { 'x-forwarded-proto': 'https' }), false, true)).toBe('https');
  });
});

describe('limitKey', () => {
  it('counts every address of one IPv6 /64 under the same key', () => {
    expect(limitKey('2001:db8:1:2::1')).toBe(limitKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(limitKey('2001:0db8:0001:0002:0000:0000:0000:0001')).toBe('2001:db8:1:2::/64');
  });

  it('keeps IPv6 addresses of different /64s apart', () => {
    expect(limitKey('2001:db8:1:2::1')).not.toBe(limitKey('2001:db8:1:3::1'));
  });

  it('keeps an IPv4 address as it is', () => {
    expect(limitKey('203.0.113.7')).toBe('203.0.113.7');
  });
});
