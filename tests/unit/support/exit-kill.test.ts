import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const module = new URL('../../support/exit-kill.ts', import.meta.url).pathname;
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs a Node process that registers `dir`, maybe unregisters it, then runs `script`; returns its exit status. */
function runChild(dir: string, script: string): number | null {
  const code = `import { registerExitRemoval, removeRegisteredFolders, unregisterExitRemoval } from ${JSON.stringify(module)}; const dir = ${JSON.stringify(dir)}; ${script}`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: 'ignore', timeout: 20_000 }).status;
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-exit-removal-'));
  made.push(dir);
  return dir;
}

describe('registerExitRemoval', () => {
  it('removes a registered folder when the process exits, and when it is interrupted', () => {
    const exited = folder();
    runChild(exited, 'registerExitRemoval(dir); process.exit(3);');
    expect(existsSync(exited)).toBe(false);
    const interrupted = folder();
    runChild(interrupted, "registerExitRemoval(dir); process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 5000);");
    expect(existsSync(interrupted)).toBe(false);
  });

  it('removes the registered folders when asked, and forgets them', () => {
    const registered = folder();
    // Made again after the removal: only a folder still registered would go at exit.
    const status = runChild(registered, `registerExitRemoval(dir); removeRegisteredFolders(); const { existsSync, mkdirSync } = await import('node:fs'); if (existsSync(dir)) process.exit(9); mkdirSync(dir);`);
    expect(status).toBe(0);
    expect(existsSync(registered)).toBe(true);
  });

  it('leaves a folder that was unregistered before the exit', () => {
    const kept = folder();
    runChild(kept, 'registerExitRemoval(dir); unregisterExitRemoval(dir);');
    expect(existsSync(kept)).toBe(true);
  });
});
