/**
 * Kills child servers (Dovecot) when the test process exits, however it exits, so that a
 * crashed or interrupted test run leaves no stray daemons holding ports and temp folders.
 */
import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let installed = false;

function killAll(): void {
  for (const child of children) {
    // Only synchronous work is possible in an 'exit' handler; SIGKILL needs no waiting.
    // The child leads its own process group (spawned detached), so kill the whole group.
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  children.clear();
}

/** Registers `child`, spawned with `detached: true`, to have its process group killed on process exit. */
export function registerExitKill(child: ChildProcess): void {
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
  children.add(child);
}

/** Call once the child's whole process group is gone, so a reused pid is never killed. */
export function unregisterExitKill(child: ChildProcess): void {
  children.delete(child);
}
