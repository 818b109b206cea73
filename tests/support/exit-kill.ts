/**
 * Kills child servers (Dovecot) and removes their folders when the test process exits,
 * so that a test file that never reached stop() leaves no stray daemons holding ports.
 * Covers process.exit and a normal end; a SIGKILLed test process cannot clean up, which is
 * why each server also lives in its own process group under a mkdtemp folder.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const children = new Map<ChildProcess, string | undefined>();
/** Folders to remove on exit that no child owns (the bench's deferred folders). */
const folders = new Set<string>();
let installed = false;

function killAll(): void {
  for (const [child, dir] of children) {
    // Only synchronous work is possible in an 'exit' handler; SIGKILL needs no waiting.
    // The child leads its own process group (spawned detached), so kill the whole group.
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
  children.clear();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders.clear();
}

/**
 * Registers `child`, spawned with `detached: true`, to have its process group killed (and
 * `dir`, if given, removed) on process exit.
 */
export function registerExitKill(child: ChildProcess, dir?: string): void {
  install();
  children.set(child, dir);
}

/** Registers `folder` to be removed on process exit (and on SIGINT/SIGTERM), unless unregistered first. */
export function registerExitRemoval(folder: string): void {
  install();
  folders.add(folder);
}

export function unregisterExitRemoval(folder: string): void {
  folders.delete(folder);
}

/** Removes every folder registered with registerExitRemoval now, rather than at exit. */
export function removeRegisteredFolders(): void {
  for (const folder of folders) {
    // Chromium's helper processes may still be letting go of a profile for a moment.
    rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
  folders.clear();
}

function install(): void {
  if (!installed) {
    installed = true;
    process.once('exit', killAll);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      // If someone else (the test runner) handles the signal, leave it to them: they end
      // with process.exit, which fires 'exit' above. Otherwise Node would die without 'exit'.
      if (process.listenerCount(signal) > 0) continue;
      process.once(signal, () => {
        killAll();
        // Re-raise so the process still dies the way it was asked to.
        process.kill(process.pid, signal);
      });
    }
  }
}

/** Call once the child's whole process group is gone, so a reused pid is never killed. */
export function unregisterExitKill(child: ChildProcess): void {
  children.delete(child);
}
