import { parseIpAddress } from '../targets/ip-address.ts';

/** One spelling for every way of writing an address: IPv4-mapped IPv6 counts as its IPv4. */
function addressKey(address: string): string | null {
  const parsed = parseIpAddress(address);
  if (parsed === null) return null;
  const { bytes } = parsed;
  const mapped = parsed.family === 6 && bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return parsed.family === 4 || mapped ? `4:${bytes.subarray(bytes.length - 4).join('.')}` : `6:${Buffer.from(bytes).toString('hex')}`;
}

/**
 * The TCP peers whose X-Forwarded-For and X-Forwarded-Proto the bridge believes (config
 * `trustProxy`). A list names the load balancers: a connection from anywhere else is judged
 * by its own address, so a client that reaches the bridge directly cannot pick the address
 * per-IP limits count it under. `true` believes every peer (a bridge reachable only through
 * its proxy); `false` none.
 */
export class TrustedProxies {
  readonly #any: boolean;
  readonly #keys: ReadonlySet<string>;

  constructor(trustProxy: boolean | readonly string[]) {
    this.#any = trustProxy === true;
    this.#keys = new Set(Array.isArray(trustProxy) ? trustProxy.map(addressKey).filter((k): k is string => k !== null) : []);
  }

  /** Whether a connection from `peer` (the socket's remote address) speaks for a client behind it. */
  trusts(peer: string | undefined): boolean {
    if (this.#any) return true;
    if (peer === undefined || this.#keys.size === 0) return false;
    const key = addressKey(peer);
    return key !== null && this.#keys.has(key);
  }
}
