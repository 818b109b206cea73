import { describe, expect, it } from 'vitest';
import { classifyAddress, isLoopbackAddress } from '../../../../bridge/targets/address-ranges.ts';

const special: Array<[string, string]> = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['0:0:0:0:0:ffff:7f00:0001', 'loopback'],
  ['10.0.0.5', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['::ffff:10.1.2.3', 'private'],
  ['::ffff:c0a8:101', 'private'],
  ['fc00::1', 'private'],
  ['fd12:3456:789a::1', 'private'],
  ['fec0::1', 'private'],
  ['169.254.169.254', 'link-local'],
  ['fe80::1', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['::', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.10', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.99', 'documentation'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['192.0.0.8', 'protocol'],
  ['2001:2::1', 'protocol'],
  ['::127.0.0.1', 'translation'],
  ['::8.8.8.8', 'translation'],
  ['64:ff9b::7f00:1', 'translation'],
  ['64:ff9b::8.8.8.8', 'translation'],
  ['64:ff9b:1::1', 'translation'],
  ['2002:7f00:1::1', 'translation'],
  ['2002:0808:0808::1', 'translation'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'translation'],
  ['192.88.99.1', 'translation'],
  ['100::1', 'reserved'],
  ['5f00::1', 'reserved'],
  ['4000::1', 'reserved'],
  ['1::1', 'reserved'],
];

const publicAddresses = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.216.34',
  '172.15.255.255',
  '172.32.0.1',
  '100.63.255.255',
  '100.128.0.1',
  '198.17.255.255',
  '198.20.0.1',
  '169.253.255.255',
  '11.0.0.1',
  '223.255.255.255',
  '::ffff:8.8.8.8',
  '::ffff:808:808',
  '2606:4700:4700::1111',
  '2a00:1450:4001:82a::200e',
  '2001:4860:4860::8888',
];

describe('classifyAddress', () => {
  it.each(special)('puts %s in a special %s range', (address, category) => {
    const result = classifyAddress(address);
    expect(result.kind).toBe('special');
    expect(result.kind === 'special' && result.range.category).toBe(category);
  });

  it.each(publicAddresses)('treats %s as public', (address) => {
    expect(classifyAddress(address).kind).toBe('public');
  });

  it.each(['localhost', '127.1', '0x7f.0.0.1', '0177.0.0.1', '2130706433', '127.0.0.01', '::1%lo', 'fe80::1%eth0', '', '1:2:3:4:5:6:7:8:9', '[::1]'])(
    'refuses to classify the non-literal or ambiguous spelling %j',
    (address) => {
      expect(classifyAddress(address).kind).toBe('invalid');
    },
  );
});

describe('isLoopbackAddress', () => {
  it('accepts IPv4, IPv6 and IPv4-mapped loopback', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true);
    expect(isLoopbackAddress('127.8.9.10')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true);
  });

  it('rejects private, public and invalid addresses', () => {
    expect(isLoopbackAddress('10.0.0.1')).toBe(false);
    expect(isLoopbackAddress('8.8.8.8')).toBe(false);
    expect(isLoopbackAddress('::')).toBe(false);
    expect(isLoopbackAddress('localhost')).toBe(false);
  });
});
