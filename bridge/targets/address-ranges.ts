import { formatIpv4, parseIpAddress, type IpAddress } from './ip-address.ts';

/**
 * Address ranges a public bridge must not connect to unless a target says `allowLocal`.
 * Sources: the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates).
 * The table errs on the side of refusing: a whole block is listed when only part of it is
 * special, and IPv6 outside 2000::/3 (global unicast, RFC 4291 §2.4) is refused outright.
 */
type RangeCategory =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'benchmarking'
  | 'protocol'
  | 'translation';

interface AddressRange {
  name: string;
  cidr: string;
  category: RangeCategory;
}

export type AddressClass =
  | { kind: 'public'; address: string }
  | { kind: 'special'; address: string; range: AddressRange }
  | { kind: 'invalid'; address: string };

const IPV4_RANGES: readonly AddressRange[] = [
  { name: 'this network (RFC 791)', cidr: '0.0.0.0/8', category: 'unspecified' },
  { name: 'private (RFC 1918)', cidr: '10.0.0.0/8', category: 'private' },
  { name: 'carrier-grade NAT (RFC 6598)', cidr: '100.64.0.0/10', category: 'shared' },
  { name: 'loopback (RFC 1122 §3.2.1.3)', cidr: '127.0.0.0/8', category: 'loopback' },
  { name: 'link-local (RFC 3927)', cidr: '169.254.0.0/16', category: 'link-local' },
  { name: 'private (RFC 1918)', cidr: '172.16.0.0/12', category: 'private' },
  { name: 'IETF protocol assignments (RFC 6890)', cidr: '192.0.0.0/24', category: 'protocol' },
  { name: 'documentation TEST-NET-1 (RFC 5737)', cidr: '192.0.2.0/24', category: 'documentation' },
  { name: 'AS112 (RFC 7535)', cidr: '192.31.196.0/24', category: 'protocol' },
  { name: 'AMT (RFC 7450)', cidr: '192.52.193.0/24', category: 'protocol' },
  { name: '6to4 relay anycast (RFC 7526)', cidr: '192.88.99.0/24', category: 'translation' },
  { name: 'private (RFC 1918)', cidr: '192.168.0.0/16', category: 'private' },
  { name: 'AS112 direct delegation (RFC 7534)', cidr: '192.175.48.0/24', category: 'protocol' },
  { name: 'benchmarking (RFC 2544)', cidr: '198.18.0.0/15', category: 'benchmarking' },
  { name: 'documentation TEST-NET-2 (RFC 5737)', cidr: '198.51.100.0/24', category: 'documentation' },
  { name: 'documentation TEST-NET-3 (RFC 5737)', cidr: '203.0.113.0/24', category: 'documentation' },
  { name: 'multicast (RFC 5771)', cidr: '224.0.0.0/4', category: 'multicast' },
  { name: 'limited broadcast (RFC 919)', cidr: '255.255.255.255/32', category: 'broadcast' },
  { name: 'reserved (RFC 1112 §4)', cidr: '240.0.0.0/4', category: 'reserved' },
];

/** IPv4-mapped addresses (RFC 4291 §2.5.5.2) are judged by the IPv4 address inside them. */
const IPV4_MAPPED: AddressRange = { name: 'IPv4-mapped (RFC 4291)', cidr: '::ffff:0:0/96', category: 'translation' };

const IPV6_RANGES: readonly AddressRange[] = [
  { name: 'unspecified (RFC 4291)', cidr: '::/128', category: 'unspecified' },
  { name: 'loopback (RFC 4291)', cidr: '::1/128', category: 'loopback' },
  { name: 'IPv4-compatible, deprecated (RFC 4291 §2.5.5.1)', cidr: '::/96', category: 'translation' },
  { name: 'NAT64 well-known prefix (RFC 6052)', cidr: '64:ff9b::/96', category: 'translation' },
  { name: 'NAT64 local-use (RFC 8215)', cidr: '64:ff9b:1::/48', category: 'translation' },
  { name: 'discard-only (RFC 6666)', cidr: '100::/64', category: 'reserved' },
  { name: 'Teredo (RFC 4380)', cidr: '2001::/32', category: 'translation' },
  { name: 'IETF protocol assignments (RFC 2928)', cidr: '2001::/23', category: 'protocol' },
  { name: 'documentation (RFC 3849)', cidr: '2001:db8::/32', category: 'documentation' },
  { name: '6to4 (RFC 3056)', cidr: '2002::/16', category: 'translation' },
  { name: 'documentation (RFC 9637)', cidr: '3fff::/20', category: 'documentation' },
  { name: 'SRv6 SIDs (RFC 9602)', cidr: '5f00::/16', category: 'reserved' },
  { name: 'unique local (RFC 4193)', cidr: 'fc00::/7', category: 'private' },
  { name: 'link-local (RFC 4291)', cidr: 'fe80::/10', category: 'link-local' },
  { name: 'site-local, deprecated (RFC 3879)', cidr: 'fec0::/10', category: 'private' },
  { name: 'multicast (RFC 4291)', cidr: 'ff00::/8', category: 'multicast' },
];

const NOT_GLOBAL_UNICAST: AddressRange = { name: 'outside global unicast 2000::/3 (RFC 4291 §2.4)', cidr: '2000::/3', category: 'reserved' };

interface CompiledRange {
  range: AddressRange;
  prefix: Uint8Array;
  length: number;
}

function compile(range: AddressRange): CompiledRange {
  const [address = '', length = ''] = range.cidr.split('/');
  const parsed = parseIpAddress(address);
  if (parsed === null) throw new Error(`bad range table entry ${range.cidr}`);
  return { range, prefix: parsed.bytes, length: Number(length) };
}

function matches(bytes: Uint8Array, compiled: CompiledRange): boolean {
  let bits = compiled.length;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((compiled.prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

const COMPILED_V4 = IPV4_RANGES.map(compile);
const COMPILED_V6 = IPV6_RANGES.map(compile);
const COMPILED_MAPPED = compile(IPV4_MAPPED);
const COMPILED_GLOBAL = compile(NOT_GLOBAL_UNICAST);

function classifyParsed(address: string, ip: IpAddress): AddressClass {
  if (ip.family === 4) {
    const hit = COMPILED_V4.find((c) => matches(ip.bytes, c));
    return hit ? { kind: 'special', address, range: hit.range } : { kind: 'public', address };
  }
  if (matches(ip.bytes, COMPILED_MAPPED)) {
    const inner = classifyParsed(formatIpv4(ip.bytes.subarray(12)), { family: 4, bytes: ip.bytes.slice(12) });
    return inner.kind === 'special' ? { ...inner, address } : { kind: 'public', address };
  }
  const hit = COMPILED_V6.find((c) => matches(ip.bytes, c));
  if (hit) return { kind: 'special', address, range: hit.range };
  if (!matches(ip.bytes, COMPILED_GLOBAL)) return { kind: 'special', address, range: NOT_GLOBAL_UNICAST };
  return { kind: 'public', address };
}

/** Says whether an address literal is public, or which special range holds it. */
export function classifyAddress(address: string): AddressClass {
  const ip = parseIpAddress(address);
  if (ip === null) return { kind: 'invalid', address };
  return classifyParsed(address, ip);
}

/** True for 127/8, ::1 and IPv4-mapped loopback: the only places plaintext POP3 may go. */
export function isLoopbackAddress(address: string): boolean {
  const result = classifyAddress(address);
  return result.kind === 'special' && result.range.category === 'loopback';
}
