/**
 * Folders the bench removes only once every run is over. Removing a client's 100 MB (a
 * Chromium profile, a maildir) right after its run lands in the next client's time: this ext4
 * is mounted with `discard`, and mpop, which fsyncs every message, took 2.4 s after a kept
 * Chromium profile and 3.1–3.2 s after a removed one (loopback, 3 runs each).
 */
import { rmSync } from 'node:fs';
import { registerExitRemoval, unregisterExitRemoval } from '../support/exit-kill.ts';

const folders: string[] = [];

/** Removes `folder` at removeDeferredFolders(), or when the bench exits or is interrupted before it. */
export function removeAfterBench(folder: string): void {
  folders.push(folder);
  registerExitRemoval(folder);
}

export function removeDeferredFolders(): void {
  for (const folder of folders.splice(0)) {
    rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    unregisterExitRemoval(folder);
  }
}
