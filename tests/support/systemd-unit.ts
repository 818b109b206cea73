/**
 * The shipped systemd unit (deploy/systemd/satchel-bridge.service) read as data, so that the
 * tests and the load test run the bridge with the very settings an operator installs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BRIDGE_UNIT_FILE = fileURLToPath(new URL('../../deploy/systemd/satchel-bridge.service', import.meta.url));

/** The variables of the unit's `Environment=NAME=value` lines (a later line overrides an earlier one, as in systemd). */
export function bridgeUnitEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const line of readFileSync(BRIDGE_UNIT_FILE, 'utf8').split('\n')) {
    const match = /^Environment=([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) environment[match[1]!] = match[2]!;
  }
  return environment;
}

/** The unit's variables that choose the native allocator (LD_PRELOAD, MALLOC_CONF), none of the rest. */
export function bridgeUnitAllocatorEnvironment(): Record<string, string> {
  const environment = bridgeUnitEnvironment();
  return Object.fromEntries(Object.entries(environment).filter(([name]) => name === 'LD_PRELOAD' || name === 'MALLOC_CONF'));
}
