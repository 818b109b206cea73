export {
  DEFAULT_COMPRESSION,
  DEFAULT_LIMITS,
  type BridgeConfig,
  type CompressionConfig,
  type LimitsConfig,
  type TargetConfig,
} from './bridge-config.ts';
export { applyEnvironment } from './apply-environment.ts';
export { DEFAULT_STATIC_DIR, REPO_ROOT, loadConfig } from './load-config.ts';
export { readConfigFile } from './read-config-file.ts';
