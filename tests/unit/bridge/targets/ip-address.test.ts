import { describe, expect, it } from 'vitest';
import { parseIpAddress } from '../../../../bridge/targets/ip-address.ts';

const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('hex');

describe('parseIpAddress', () => {
  it('parses dotted-quad IPv4 into four octets', () => {
    const ip = parseIpAddress('192.168.1.20');
    expect(ip?.family).toBe(4);
    expect(hex(ip?.bytes)).toBe('c0a80114');
  });

  it('expands :: in any position', () => {
    expect(hex(parseIpAddress('::')?.bytes)).toBe('0'.repeat(32));
    expect(hex(parseIpAddress('::1')?.bytes)).toBe(`${'0'.repeat(30)}01`);
    expect(hex(parseIpAddress('fe80::')?.bytes)).toBe(`fe80${'0'.repeat(28)}`);
    expect(hex(parseIpAddress('2001:db8::8:800:200c:417a')?.bytes)).toBe('20010db80000000000080800200c417a');
  });

  it('reads an embedded dotted IPv4 tail into the last four octets', () => {
    expect(hex(parseIpAddress('::ffff:127.0.0.1')?.bytes)).toBe(hex(parseIpAddress('::ffff:7f00:1')?.bytes));
    expect(hex(parseIpAddress('::ffff:127.0.0.1')?.bytes)).toBe(`${'0'.repeat(20)}ffff7f000001`);
  });

  it('returns null for host names, zones and malformed text', () => {
    for (const text of ['example.org', 'fe80::1%eth0', '1.2.3', '1.2.3.256', ':::', '1::2::3', '::ffff:1.2.3']) {
      expect(parseIpAddress(text)).toBeNull();
    }
  });
});
