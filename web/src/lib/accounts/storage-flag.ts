import type { Flag } from './account-directory.svelte.ts';

/** A yes/no kept in localStorage: only plain preferences go there, never credentials (DESIGN.md invariant 6). */
export function storageFlag(key: string, storage: Storage | undefined = globalThis.localStorage): Flag {
  return {
    get: () => {
      try {
        return storage?.getItem(key) === 'true';
      } catch {
        return false; // Storage blocked (privacy settings): behave as never set.
      }
    },
    set: (value) => {
      try {
        storage?.setItem(key, String(value));
      } catch {
        // Storage blocked or full: the flag is a convenience, losing it is harmless.
      }
    },
  };
}
