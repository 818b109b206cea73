import { isIP } from 'node:net';

/**
 * An IP address as raw octets: 4 for IPv4, 16 for IPv6. Range checks work on octets, not on
 * strings, so that every spelling of an address (`::ffff:127.0.0.1`, `::ffff:7f00:1`,
 * `0:0:0:0:0:ffff:7f00:0001`) lands on the same bits.
 */
export interface IpAddress {
  family: 4 | 6;
  bytes: Uint8Array;
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    // Only plain decimal: inet_aton's octal and hex spellings are a classic SSRF bypass.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    bytes[i] = value;
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | null {
  // A zone index (fe80::1%eth0) only makes sense for link-local, which is refused anyway.
  if (text.includes('%')) return null;
  let head = text;
  let embedded: Uint8Array | null = null;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    embedded = parseIpv4(text.slice(lastColon + 1));
    if (embedded === null) return null;
    // Replace the dotted tail with two placeholder groups so the group count works out.
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = toGroups(halves[0] ?? '');
  const right = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...left, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const group = groups[i] ?? '';
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  }
  if (embedded !== null) bytes.set(embedded, 12);
  return bytes;
}

/** Parses an IPv4 or IPv6 literal (no brackets, no zone). Returns null for anything else. */
export function parseIpAddress(text: string): IpAddress | null {
  const family = isIP(text);
  if (family === 4) {
    const bytes = parseIpv4(text);
    return bytes === null ? null : { family: 4, bytes };
  }
  if (family === 6) {
    const bytes = parseIpv6(text);
    return bytes === null ? null : { family: 6, bytes };
  }
  return null;
}

/** Dotted-quad text for 4 octets. */
export function formatIpv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join('.');
}
