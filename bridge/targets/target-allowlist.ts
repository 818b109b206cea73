import { isIP } from 'node:net';
import { TunnelError, type TargetInfo } from '../../shared/tunnel/index.ts';
import type { TargetConfig } from '../config/index.ts';
import { classifyAddress, isLoopbackAddress } from './address-ranges.ts';
import { systemLookup, type LookupFn } from './lookup.ts';

/** A target after DNS: the exact address that was checked is the one to connect to. */
export interface ResolvedTarget {
  target: TargetConfig;
  address: string;
  family: 4 | 6;
}

/**
 * The only way from a name the browser sent to an address the bridge connects to.
 * DESIGN.md invariant 4: targets come from the config, and after resolution an address in any
 * special range is refused unless the target has allowLocal. If ANY resolved address is
 * special the whole target is refused, because a name that mixes public and private answers
 * is a DNS-rebinding setup, not an accident.
 */
export class TargetAllowlist {
  readonly #targets: Map<string, TargetConfig>;
  readonly #lookup: LookupFn;
  readonly #lookupTimeoutMs: number;

  /**
   * @param targets the configured targets
   * @param lookup resolver; defaults to dns.lookup with all:true
   * @param lookupTimeoutMs limits.dnsTimeoutMs: dns.lookup has no timeout of its own, and a
   *   resolver that never answers would hold the tunnel until the upstream connect timeout
   */
  constructor(targets: readonly TargetConfig[], lookup: LookupFn = systemLookup, lookupTimeoutMs = 5000) {
    this.#targets = new Map(targets.map((t) => [t.name, t]));
    this.#lookup = lookup;
    this.#lookupTimeoutMs = lookupTimeoutMs;
  }

  /** What GET /targets publishes: name, label and tls mode, nothing else. */
  list(): TargetInfo[] {
    return [...this.#targets.values()].map(({ name, label, tls, endToEnd, host }) => ({ name, label, tls, ...(endToEnd ? { endToEnd: { host } } : {}) }));
  }

  get(name: string): TargetConfig | undefined {
    return this.#targets.get(name);
  }

  /** Resolves and checks a target. Throws TunnelError with TARGET_UNKNOWN, DNS or TARGET_DENIED. */
  async resolve(name: string): Promise<ResolvedTarget> {
    const target = this.#targets.get(name);
    if (target === undefined) throw new TunnelError('TUNNEL_ERR_TARGET_UNKNOWN', `no target named "${name}"`);

    let addresses: { address: string; family: number }[];
    if (isIP(target.host) !== 0) {
      addresses = [{ address: target.host, family: isIP(target.host) }];
    } else {
      try {
        addresses = await this.#lookupWithTimeout(target.host);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        throw new TunnelError('TUNNEL_ERR_DNS', `cannot resolve ${target.host}${typeof code === 'string' ? ` (${code})` : ''}`);
      }
    }
    if (addresses.length === 0) throw new TunnelError('TUNNEL_ERR_DNS', `${target.host} has no addresses`);

    for (const { address } of addresses) {
      const result = classifyAddress(address);
      if (result.kind === 'invalid') {
        throw new TunnelError('TUNNEL_ERR_DNS', `${target.host} resolved to something that is not an IP address`);
      }
      if (target.tls === 'plaintext' && !isLoopbackAddress(address)) {
        // Plaintext POP3 carries passwords in the clear: only ever over loopback.
        throw new TunnelError('TUNNEL_ERR_TARGET_DENIED', `plaintext target ${target.name} resolved to a non-loopback address`);
      }
      if (result.kind === 'special' && !target.allowLocal) {
        throw new TunnelError('TUNNEL_ERR_TARGET_DENIED', `target ${target.name} resolved to a ${result.range.category} address (${result.range.name})`);
      }
    }
    const first = addresses[0]!;
    return { target, address: first.address, family: isIP(first.address) === 6 ? 6 : 4 };
  }

  async #lookupWithTimeout(host: string): Promise<{ address: string; family: number }[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })), this.#lookupTimeoutMs);
    });
    try {
      return await Promise.race([this.#lookup(host), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
