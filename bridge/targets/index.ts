export { isLoopbackAddress } from './address-ranges.ts';
export type { LookupFn } from './lookup.ts';
export { TargetAllowlist, type ResolvedTarget } from './target-allowlist.ts';
