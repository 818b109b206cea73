// How much to sync and how often. Plain numbers with nothing sensitive in them, so they live
// in localStorage (per device, which is right: a phone on a metered plan wants a smaller
// budget than a laptop). Credentials never come here (DESIGN.md invariant 6).
import { LISTING_PREVIEW_LINES_MAX } from '../sync/listing-preview.ts';

export interface SyncPreferenceValues {
  /** Octets of bodies per sync on a metered link; null = no limit. */
  byteBudget: number | null;
  /** Bodies above this wait for a tap; null = no limit. */
  maxAutoDownloadSize: number | null;
  intervalMinutes: number;
  previewLines: number;
}

export const DEFAULT_PREFERENCES: SyncPreferenceValues = {
  byteBudget: 5 * 1024 * 1024,
  maxAutoDownloadSize: 1024 * 1024,
  intervalMinutes: 15,
  previewLines: LISTING_PREVIEW_LINES_MAX,
};

export const PREFERENCES_KEY = 'satchel.sync-preferences';

const LIMITS = {
  intervalMinutes: { min: 1, max: 24 * 60 },
  // The listing pass asks for no more than this (run-sync.ts says why), so offering more would be a setting that does nothing.
  previewLines: { min: 0, max: LISTING_PREVIEW_LINES_MAX },
} as const;

function sizeOrNull(value: unknown, fallback: number | null): number | null {
  if (value === null) return null;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

function bounded(value: unknown, { min, max }: { min: number; max: number }, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

/** Anything (a stored JSON, a form) made into valid preferences; bad fields fall back to defaults. */
export function normalizePreferences(input: unknown): SyncPreferenceValues {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  return {
    byteBudget: sizeOrNull(raw.byteBudget, DEFAULT_PREFERENCES.byteBudget),
    maxAutoDownloadSize: sizeOrNull(raw.maxAutoDownloadSize, DEFAULT_PREFERENCES.maxAutoDownloadSize),
    intervalMinutes: bounded(raw.intervalMinutes, LIMITS.intervalMinutes, DEFAULT_PREFERENCES.intervalMinutes),
    previewLines: bounded(raw.previewLines, LIMITS.previewLines, DEFAULT_PREFERENCES.previewLines),
  };
}

export class SyncPreferences {
  #values = $state.raw<SyncPreferenceValues>(DEFAULT_PREFERENCES);
  #storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.#storage = storage;
    this.#values = normalizePreferences(this.#read());
  }

  get values(): SyncPreferenceValues {
    return this.#values;
  }

  get intervalMinutes(): number {
    return this.#values.intervalMinutes;
  }

  update(change: Partial<SyncPreferenceValues>): void {
    this.#values = normalizePreferences({ ...this.#values, ...change });
    try {
      this.#storage?.setItem(PREFERENCES_KEY, JSON.stringify(this.#values));
    } catch {
      // Storage blocked or full: the values still hold for this session.
    }
  }

  #read(): unknown {
    try {
      const text = this.#storage?.getItem(PREFERENCES_KEY);
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }
}
