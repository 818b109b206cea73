import { describe, expect, it } from 'vitest';
import { policyNotice } from '../../../../web/src/lib/settings/policy-notice.ts';
import { createSettingsFor, isUnmetered } from '../../../../web/src/lib/settings/settings-for.ts';
import { DEFAULT_PREFERENCES } from '../../../../web/src/lib/settings/sync-preferences.svelte.ts';
import type { AccountRecord } from '../../../../web/src/lib/storage/index.ts';

const account: AccountRecord = { id: 'a', displayName: 'A', targetName: 'demo', userName: 'u', authMethod: 'user-pass', policy: { kind: 'leave' } };

describe('isUnmetered', () => {
  it('is true only on Wi-Fi or Ethernet without Save-Data', () => {
    expect(isUnmetered({ type: 'wifi' })).toBe(true);
    expect(isUnmetered({ type: 'ethernet', saveData: false })).toBe(true);
    expect(isUnmetered({ type: 'wifi', saveData: true })).toBe(false);
    expect(isUnmetered({ type: 'cellular' })).toBe(false);
    expect(isUnmetered({})).toBe(false);
    expect(isUnmetered(undefined)).toBe(false);
  });
});

describe('createSettingsFor', () => {
  it('builds the sync settings from preferences, persistence and the link', async () => {
    const settingsFor = createSettingsFor({
      preferences: () => ({ ...DEFAULT_PREFERENCES, previewLines: 7 }),
      storagePersistent: async () => true,
      connection: () => ({ type: 'wifi' }),
    });
    expect(await settingsFor(account)).toEqual({
      byteBudget: DEFAULT_PREFERENCES.byteBudget,
      maxAutoDownloadSize: DEFAULT_PREFERENCES.maxAutoDownloadSize,
      unmetered: true,
      storagePersistent: true,
      previewLines: 7,
      fetchUids: [],
    });
  });

  it('passes the UIDLs the user tapped and reports storage not persistent', async () => {
    const settingsFor = createSettingsFor({ preferences: () => DEFAULT_PREFERENCES, storagePersistent: async () => false, connection: () => undefined });
    const settings = await settingsFor(account, ['uid-9']);
    expect(settings.fetchUids).toEqual(['uid-9']);
    expect(settings.storagePersistent).toBe(false);
    expect(settings.unmetered).toBe(false);
  });
});

describe('policyNotice', () => {
  it('warns that mail stays on the server when a delete policy meets non-persistent storage', () => {
    expect(policyNotice({ kind: 'delete-after-days', days: 7 }, false)).toMatch(/leaves all mail on the server/);
    expect(policyNotice({ kind: 'delete-when-deleted-here' }, null)).toMatch(/not made storage persistent/);
  });

  it('says nothing when mail is left on the server or storage is persistent', () => {
    expect(policyNotice({ kind: 'leave' }, false)).toBeNull();
    expect(policyNotice({ kind: 'delete-after-days', days: 7 }, true)).toBeNull();
  });

  it('says a delete policy does nothing on a server without UIDL, whatever the storage', () => {
    for (const persisted of [true, false, null]) {
      expect(policyNotice({ kind: 'delete-when-deleted-here' }, persisted, true)).toBe(
        'This mail server gives its messages no lasting ids (it has no UIDL command), so Satchel cannot tell which message is which there. It downloads your mail and deletes nothing on the server.',
      );
    }
    expect(policyNotice({ kind: 'leave' }, true, true)).toBeNull();
  });
});
