import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../../bridge/config/index.ts';
import { BRIDGE_UNIT_FILE as UNIT, bridgeUnitEnvironment } from '../../../support/systemd-unit.ts';

const text = readFileSync(UNIT, 'utf8');

/** The last value of each `Key=value` line (systemd lets a later line override an earlier one). */
const settings = new Map(
  text
    .split('\n')
    .filter((line) => /^[A-Za-z]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);

describe('deploy/systemd/satchel-bridge.service', () => {
  it('runs sandboxed: a dynamic user, a read-only system, no new privileges, capped memory', () => {
    expect(settings.get('DynamicUser')).toBe('yes');
    expect(settings.get('ProtectSystem')).toBe('strict');
    expect(settings.get('NoNewPrivileges')).toBe('yes');
    expect(settings.get('CapabilityBoundingSet')).toBe('');
    expect(settings.get('MemoryMax')).toMatch(/^\d+[KMG]$/);
  });

  it('reloads with SIGHUP and gives the default drain its whole grace before systemd kills', () => {
    expect(settings.get('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
    expect(settings.get('KillSignal')).toBe('SIGTERM');
    const stopSeconds = Number(/^(\d+)s$/.exec(settings.get('TimeoutStopSec') ?? '')?.[1]);
    // The drain, then 2 s of closing, then main.ts's 5 s forced exit.
    expect(stopSeconds).toBeGreaterThanOrEqual(DEFAULT_LIMITS.drainGraceMs / 1000 + 7);
  });

  it('starts the bridge entry point that exists in this repository', () => {
    expect(settings.get('ExecStart')).toBe('/usr/bin/node --import tsx /opt/satchel/bridge/main.ts');
    expect(existsSync(fileURLToPath(new URL('../../../../bridge/main.ts', import.meta.url)))).toBe(true);
  });

  it('runs node on jemalloc with a background thread, which hands freed pages back to the system', () => {
    // What the process sees under the unit's Environment= lines: the libraries mapped and its threads.
    const script = "const fs = require('fs'); setTimeout(() => console.log(JSON.stringify({ maps: fs.readFileSync('/proc/self/maps', 'utf8'), " +
      "threads: fs.readdirSync('/proc/self/task').map((t) => fs.readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim()) })), 200)";
    const result = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...bridgeUnitEnvironment() }, encoding: 'utf8' });
    // ld.so says so on stderr when it cannot preload a library, and jemalloc when an option is unknown.
    expect(result.stderr).toBe('');
    const seen = JSON.parse(result.stdout) as { maps: string; threads: string[] };
    const libraries = new Set(seen.maps.split('\n').map((line) => /\/([^/]+\.so[.\d]*)$/.exec(line)?.[1]).filter((name) => name !== undefined));
    expect([...libraries]).toContain('libjemalloc.so.2');
    expect(seen.threads).toContain('jemalloc_bg_thd');
    // At most this one thread, under the unit's TasksMax, however many cores the host has.
    expect(seen.threads.filter((name) => name === 'jemalloc_bg_thd')).toHaveLength(1);
  });

  // systemd-analyze comes with systemd; a machine without it cannot check the unit's syntax.
  it.skipIf(!existsSync('/usr/bin/systemd-analyze'))('passes systemd-analyze verify without a warning', () => {
    // It reports unknown keys and bad values on stderr and still exits 0.
    const result = spawnSync('/usr/bin/systemd-analyze', ['verify', UNIT], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toBe('');
  });
});
