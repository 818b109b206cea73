// Builds the SyncSettings for one sync from the user's preferences and what the browser can
// tell about storage and the link.
import type { AccountRecord } from '../storage/schema.ts';
import type { SyncSettings } from '../sync/sync-messages.ts';
import type { SyncPreferenceValues } from './sync-preferences.svelte.ts';

/** The Network Information API, where it exists (Chromium); typed by hand since lib.dom lacks it. */
export interface ConnectionLike {
  type?: string;
  saveData?: boolean;
}

export interface SettingsSources {
  preferences: () => SyncPreferenceValues;
  /** navigator.storage.persisted(), read fresh for each sync. */
  storagePersistent: () => Promise<boolean>;
  connection: () => ConnectionLike | undefined;
}

/**
 * Unmetered only when the browser says Wi-Fi or Ethernet and the user did not ask to save
 * data. No answer means "assume metered": a budget applied needlessly costs a tap, a budget
 * skipped on a phone plan costs money.
 */
export function isUnmetered(connection: ConnectionLike | undefined): boolean {
  if (connection === undefined || connection.saveData === true) return false;
  return connection.type === 'wifi' || connection.type === 'ethernet';
}

export function browserConnection(): ConnectionLike | undefined {
  return typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { connection?: ConnectionLike }).connection;
}

/** `settingsFor(account)` as the scheduler takes it. The account is there for per-account overrides later. */
export function createSettingsFor(sources: SettingsSources): (account: AccountRecord, fetchUids?: readonly string[]) => Promise<SyncSettings> {
  return async (_account, fetchUids = []) => {
    const preferences = sources.preferences();
    return {
      byteBudget: preferences.byteBudget,
      maxAutoDownloadSize: preferences.maxAutoDownloadSize,
      unmetered: isUnmetered(sources.connection()),
      storagePersistent: await sources.storagePersistent(),
      previewLines: preferences.previewLines,
      fetchUids: [...fetchUids],
    };
  };
}
