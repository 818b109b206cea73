// Whether the list shows conversations (one row a thread) or single messages. A view
// preference with nothing sensitive in it, so it lives in localStorage, per device, like the
// sync preferences (settings/sync-preferences.svelte.ts). On unless turned off.

const CONVERSATIONS_KEY = 'satchel.conversations';

export class ConversationPreference {
  #enabled = $state(true);
  readonly #storage: Storage | undefined;
  readonly #listeners = new Set<(enabled: boolean) => void>();

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.#storage = storage;
    try {
      this.#enabled = storage?.getItem(CONVERSATIONS_KEY) !== 'off';
    } catch {
      // Storage blocked: the default holds.
    }
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  set(enabled: boolean): void {
    if (enabled === this.#enabled) return;
    this.#enabled = enabled;
    try {
      this.#storage?.setItem(CONVERSATIONS_KEY, enabled ? 'on' : 'off');
    } catch {
      // Storage blocked or full: the choice still holds for this session.
    }
    for (const listener of this.#listeners) listener(enabled);
  }

  /** Calls `listener` after each change; returns the way to stop. */
  onChange(listener: (enabled: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
