import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { AccountDirectory } from '../../../../web/src/lib/accounts/account-directory.svelte.ts';
import { CredentialStore } from '../../../../web/src/lib/accounts/credential-store.svelte.ts';
import { PasswordVault } from '../../../../web/src/lib/accounts/password-vault.ts';
import { storageFlag } from '../../../../web/src/lib/accounts/storage-flag.ts';
import { commitMessage, listMessages, type AccountRecord } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from '../storage/storage-fixtures.ts';
import { FakeLocalStorage } from './fake-local-storage.ts';

const work: AccountRecord = { id: 'work', displayName: 'Work', targetName: 'work', userName: 'ada', authMethod: 'sasl-plain', policy: { kind: 'leave' } };
const demoTarget = { name: 'demo', label: 'Demo', tls: 'plaintext' } as const;

async function setup() {
  const db = await openFresh();
  const vaultName = `dir-vault-${Math.random()}`;
  const vault = await PasswordVault.open({ name: vaultName });
  const credentials = new CredentialStore(vault);
  const localStorage = new FakeLocalStorage();
  const onFirstAccount = vi.fn();
  const directory = new AccountDirectory(db, credentials, { demoDismissed: storageFlag('satchel.demo-dismissed', localStorage), onFirstAccount });
  await directory.load();
  return { db, vault, vaultName, credentials, localStorage, onFirstAccount, directory };
}

/** Every value in every store of a database, as text, to search for a secret. */
async function dump(name: string): Promise<string> {
  const db = await openDB(name);
  const values: unknown[] = [];
  for (const store of db.objectStoreNames) values.push(...(await db.getAll(store)));
  db.close();
  return JSON.stringify(values, (_key, value: unknown) => (ArrayBuffer.isView(value) || value instanceof ArrayBuffer ? new TextDecoder().decode(value as ArrayBuffer) : value));
}

describe('AccountDirectory', () => {
  it('adds an account, keeps its password in memory, and asks for persistence on the first one', async () => {
    const { directory, credentials, onFirstAccount } = await setup();
    await directory.save({ account: work, password: 'pw', remember: false });
    expect(directory.accounts).toEqual([work]);
    expect(credentials.password('work')).toBe('pw');
    expect(onFirstAccount).toHaveBeenCalledOnce();
    await directory.save({ account: { ...work, id: 'home', displayName: 'Home' }, password: 'pw2', remember: false });
    expect(onFirstAccount).toHaveBeenCalledOnce();
  });

  it('never lets a password reach the mail DB or localStorage, remembered or not', async () => {
    const { db, directory, localStorage, vaultName } = await setup();
    await directory.save({ account: work, password: 'secret-in-memory-1', remember: false });
    await directory.save({ account: { ...work, id: 'home' }, password: 'secret-remembered-2', remember: true });
    expect(await dump(db.name)).not.toMatch(/secret-/);
    expect([...localStorage.entries.values(), ...localStorage.entries.keys()].join('\n')).not.toMatch(/secret-/);
    expect(await dump(vaultName)).not.toMatch(/secret-/);
  });

  it('keeps the held password when an edit leaves the password field empty', async () => {
    const { directory, credentials } = await setup();
    await directory.save({ account: work, password: 'pw', remember: false });
    await directory.save({ account: { ...work, displayName: 'Office' }, password: '', remember: false });
    expect(directory.byId('work')?.displayName).toBe('Office');
    expect(credentials.password('work')).toBe('pw');
  });

  it('removes an account with its mail and its remembered password', async () => {
    const { db, directory, credentials, vault } = await setup();
    await directory.save({ account: work, password: 'pw', remember: true });
    await commitMessage(db, message('1', { accountId: 'work' }));
    await directory.remove('work');
    expect(directory.accounts).toEqual([]);
    expect(await listMessages(db, { limit: 10, includeDeleted: true })).toEqual([]);
    expect(credentials.has('work')).toBe(false);
    expect(await vault.recall('work')).toBeNull();
  });

  it('creates the demo account with the public demo password when the bridge offers demo and there is no account', async () => {
    const { directory, credentials } = await setup();
    const demo = await directory.ensureDemo([demoTarget]);
    expect(demo).toMatchObject({ targetName: 'demo', userName: 'demo', displayName: 'Demo mailbox' });
    expect(credentials.password(demo!.id)).toBe('demo');
    expect(credentials.isRemembered(demo!.id)).toBe(false);
    expect(await directory.ensureDemo([demoTarget])).toBeNull();
  });

  it('does not create the demo account when an account exists or the bridge has no demo', async () => {
    const { directory } = await setup();
    expect(await directory.ensureDemo([{ name: 'work', label: 'Work', tls: 'implicit' }])).toBeNull();
    await directory.save({ account: work, password: 'pw', remember: false });
    expect(await directory.ensureDemo([demoTarget])).toBeNull();
    expect(directory.accounts).toEqual([work]);
  });

  it('does not bring the demo account back once the user removed it', async () => {
    const { directory } = await setup();
    const demo = await directory.ensureDemo([demoTarget]);
    await directory.remove(demo!.id);
    expect(await directory.ensureDemo([demoTarget])).toBeNull();
    expect(directory.accounts).toEqual([]);
  });

  it('gives the demo account its public password back after a reload', async () => {
    const { db, directory } = await setup();
    await directory.ensureDemo([demoTarget]);
    const fresh = new CredentialStore(null);
    await new AccountDirectory(db, fresh).load();
    expect(fresh.password('demo')).toBe('demo');
  });
});
