import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, normalizePreferences, PREFERENCES_KEY, SyncPreferences } from '../../../../web/src/lib/settings/sync-preferences.svelte.ts';
import { FakeLocalStorage } from '../accounts/fake-local-storage.ts';

describe('SyncPreferences', () => {
  it('starts with a 15 minute interval and 8 preview lines', () => {
    const preferences = new SyncPreferences(new FakeLocalStorage());
    expect(preferences.values).toEqual(DEFAULT_PREFERENCES);
    expect(preferences.intervalMinutes).toBe(15);
    expect(preferences.values.previewLines).toBe(8);
  });

  it('persists an update and reads it back in a new session', () => {
    const storage = new FakeLocalStorage();
    new SyncPreferences(storage).update({ intervalMinutes: 60, byteBudget: null });
    const again = new SyncPreferences(storage);
    expect(again.intervalMinutes).toBe(60);
    expect(again.values.byteBudget).toBeNull();
  });

  it('falls back to defaults for a corrupt stored value', () => {
    const storage = new FakeLocalStorage();
    storage.setItem(PREFERENCES_KEY, '{not json');
    expect(new SyncPreferences(storage).values).toEqual(DEFAULT_PREFERENCES);
  });

  it('works when there is no storage at all', () => {
    const preferences = new SyncPreferences(undefined);
    preferences.update({ previewLines: 5 });
    expect(preferences.values.previewLines).toBe(5);
  });
});

describe('normalizePreferences', () => {
  it('clamps the interval and preview lines and rejects negative sizes', () => {
    expect(normalizePreferences({ intervalMinutes: 0, previewLines: 9999, byteBudget: -5, maxAutoDownloadSize: 'x' })).toEqual({
      intervalMinutes: 1,
      previewLines: 8,
      byteBudget: DEFAULT_PREFERENCES.byteBudget,
      maxAutoDownloadSize: DEFAULT_PREFERENCES.maxAutoDownloadSize,
    });
  });
});
