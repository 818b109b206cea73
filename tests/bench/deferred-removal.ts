/**
 * Folders the bench removes only once every run is over. Removing a client's 100 MB (a
 * Chromium profile, a maildir) right after its run lands in the next client's time: this ext4
 * is mounted with `discard`, and mpop, which fsyncs every message, took 2.4 s after a kept
 * Chromium profile and 3.1–3.2 s after a removed one (loopback, 3 runs each).
 * exit-kill.ts keeps the list, so a bench that exits or is interrupted early removes them too.
 */
import { registerExitRemoval, removeRegisteredFolders } from '../support/exit-kill.ts';

/** Removes `folder` at removeDeferredFolders(), or when the bench exits or is interrupted before it. */
export const removeAfterBench: (folder: string) => void = registerExitRemoval;

export const removeDeferredFolders: () => void = removeRegisteredFolders;
