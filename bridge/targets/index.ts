export {
  SPECIAL_ADDRESS_RANGES,
  classifyAddress,
  isLoopbackAddress,
  type AddressClass,
  type AddressRange,
  type RangeCategory,
} from './address-ranges.ts';
export { parseIpAddress, type IpAddress } from './ip-address.ts';
export { systemLookup, type LookupAddress, type LookupFn } from './lookup.ts';
export { TargetAllowlist, type ResolvedTarget } from './target-allowlist.ts';
