import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BridgeError } from '../errors/index.ts';
import type { BridgeConfig } from './bridge-config.ts';
import { loadConfig } from './load-config.ts';

/** Reads and validates the JSON file named by SATCHEL_CONFIG; relative paths in it are from its folder. */
export function readConfigFile(file: string): BridgeConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BridgeError('BRIDGE_ERR_CONFIG_FILE', `cannot read config file ${path}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BridgeError('BRIDGE_ERR_CONFIG_FILE', `config file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return loadConfig(json, dirname(path));
}
