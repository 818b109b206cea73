export { SyncPreferences, DEFAULT_PREFERENCES, normalizePreferences, type SyncPreferenceValues } from './sync-preferences.svelte.ts';
export { StorageStatus, type StorageManagerLike } from './storage-status.svelte.ts';
export { createSettingsFor, isUnmetered, browserConnection, type ConnectionLike, type SettingsSources } from './settings-for.ts';
export { policyNotice, describePolicy } from './policy-notice.ts';
