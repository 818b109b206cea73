import { lookup } from 'node:dns/promises';

interface LookupAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has. Injectable so tests can play DNS. */
export type LookupFn = (hostname: string) => Promise<LookupAddress[]>;

/** dns.lookup with all:true, in the resolver's own order (verbatim), as the OS would connect. */
export const systemLookup: LookupFn = (hostname) => lookup(hostname, { all: true, verbatim: true });
