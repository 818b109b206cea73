// The inbox's length at its last count, kept in localStorage so that a cold start can size the
// list (scrollbar, aria-setsize) with its first rows, before the count is in. A number only:
// nothing from any message, never credentials (DESIGN.md invariant 6).

export interface RememberedTotal {
  get(): number | null;
  set(total: number): void;
}

export function rememberedTotal(accountId: string | null, storage: Storage | undefined = globalThis.localStorage): RememberedTotal {
  const key = `satchel.inbox-total.${accountId ?? 'all'}`;
  return {
    get: () => {
      try {
        const value = Number(storage?.getItem(key) ?? NaN);
        return Number.isSafeInteger(value) && value >= 0 ? value : null;
      } catch {
        return null; // Storage blocked: the list is sized when the count comes in.
      }
    },
    set: (total) => {
      try {
        storage?.setItem(key, String(total));
      } catch {
        // Blocked or full: a convenience, losing it is harmless.
      }
    },
  };
}
