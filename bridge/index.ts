export {
  DEFAULT_COMPRESSION,
  DEFAULT_LIMITS,
  DEFAULT_LISTEN,
  DEFAULT_STATIC_DIR,
  applyEnvironment,
  loadConfig,
  readConfigFile,
  type BridgeConfig,
  type CompressionConfig,
  type LimitsConfig,
  type TargetConfig,
} from './config/index.ts';
export { BRIDGE_ERROR_CODES, BridgeError, type BridgeErrorCode } from './errors/index.ts';
export type { LogEntry, LogSink } from './logging/index.ts';
export { SPECIAL_ADDRESS_RANGES, TargetAllowlist, classifyAddress, isLoopbackAddress, type LookupFn, type ResolvedTarget } from './targets/index.ts';
export { startBridge, type RunningBridge, type StartBridgeOptions } from './server/index.ts';
