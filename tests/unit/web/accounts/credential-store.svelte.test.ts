import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { CredentialStore } from '../../../../web/src/lib/accounts/credential-store.svelte.ts';
import { PasswordVault } from '../../../../web/src/lib/accounts/password-vault.ts';

let counter = 0;
const openVault = (name = `cred-test-${++counter}-${Math.random()}`): Promise<PasswordVault> => PasswordVault.open({ name });

describe('CredentialStore', () => {
  it('keeps a password in memory only, by default', async () => {
    const vault = await openVault();
    const store = new CredentialStore(vault);
    await store.set('acct-1', 'pw', false);
    expect(store.password('acct-1')).toBe('pw');
    expect(store.has('acct-1')).toBe(true);
    expect(store.isRemembered('acct-1')).toBe(false);
    expect(await vault.recall('acct-1')).toBeNull();
  });

  it('restores remembered passwords in a new session, and only those', async () => {
    const name = `cred-restore-${Math.random()}`;
    const first = new CredentialStore(await openVault(name));
    await first.set('kept', 'pw-kept', true);
    await first.set('session', 'pw-session', false);
    const second = new CredentialStore(await openVault(name));
    await second.restore();
    expect(second.password('kept')).toBe('pw-kept');
    expect(second.isRemembered('kept')).toBe(true);
    expect(second.password('session')).toBeNull();
    expect(second.has('session')).toBe(false);
  });

  it('forgets from memory and from the vault', async () => {
    const vault = await openVault();
    const store = new CredentialStore(vault);
    await store.set('acct-1', 'pw', true);
    await store.forget('acct-1');
    expect(store.password('acct-1')).toBeNull();
    expect(store.isRemembered('acct-1')).toBe(false);
    expect(await vault.recall('acct-1')).toBeNull();
  });

  it('removes the remembered copy when the box is unticked', async () => {
    const vault = await openVault();
    const store = new CredentialStore(vault);
    await store.set('acct-1', 'pw', true);
    await store.setRemember('acct-1', false);
    expect(await vault.recall('acct-1')).toBeNull();
    expect(store.password('acct-1')).toBe('pw');
  });

  it('clears a session password but keeps the remembered copy', async () => {
    const vault = await openVault();
    const store = new CredentialStore(vault);
    await store.set('acct-1', 'pw', true);
    store.clearSession('acct-1');
    expect(store.has('acct-1')).toBe(false);
    expect(await vault.recall('acct-1')).toBe('pw');
  });

  it('works without a vault, and then cannot remember', async () => {
    const store = new CredentialStore(null);
    await store.set('acct-1', 'pw', true);
    expect(store.canRemember).toBe(false);
    expect(store.password('acct-1')).toBe('pw');
    expect(store.isRemembered('acct-1')).toBe(false);
  });
});
