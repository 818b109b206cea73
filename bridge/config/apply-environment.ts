import { BridgeError } from '../errors/index.ts';
import type { BridgeConfig } from './bridge-config.ts';

/** Applies env overrides: PORT replaces listen.port (platforms such as Heroku set it). */
export function applyEnvironment(config: BridgeConfig, env: Record<string, string | undefined>): BridgeConfig {
  const port = env.PORT;
  if (port === undefined || port === '') return config;
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535) {
    throw new BridgeError('BRIDGE_ERR_CONFIG', `env PORT: must be a port number 0–65535, got "${port}"`);
  }
  return { ...config, listen: { ...config.listen, port: Number(port) } };
}
