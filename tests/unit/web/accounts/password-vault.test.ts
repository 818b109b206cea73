import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { PasswordVault } from '../../../../web/src/lib/accounts/password-vault.ts';

let counter = 0;
const freshName = (): string => `vault-test-${++counter}-${Math.random().toString(36).slice(2)}`;

/** Every value in every store of a database, serialised, to search for plaintext. */
async function dump(name: string): Promise<string> {
  const db = await openDB(name);
  const values: unknown[] = [];
  for (const store of db.objectStoreNames) values.push(...(await db.getAll(store)));
  db.close();
  return JSON.stringify(values, (_key, value: unknown) => (value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? new TextDecoder().decode(value as ArrayBuffer) : value));
}

describe('PasswordVault', () => {
  it('round-trips a remembered password across a reopen', async () => {
    const name = freshName();
    const vault = await PasswordVault.open({ name });
    await vault.remember('acct-1', 'correct horse battery staple');
    vault.close();
    const again = await PasswordVault.open({ name });
    expect(await again.recall('acct-1')).toBe('correct horse battery staple');
    expect(await again.recallAll()).toEqual(new Map([['acct-1', 'correct horse battery staple']]));
    again.close();
  });

  it('stores ciphertext only, under a key that cannot be exported', async () => {
    const name = freshName();
    const vault = await PasswordVault.open({ name });
    await vault.remember('acct-1', 'hunter2-unique');
    vault.close();
    expect(await dump(name)).not.toContain('hunter2-unique');
    const db = await openDB(name);
    const key = (await db.get('keys', 'master')) as CryptoKey;
    db.close();
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('forgets a password for good', async () => {
    const vault = await PasswordVault.open({ name: freshName() });
    await vault.remember('acct-1', 'pw');
    await vault.forget('acct-1');
    expect(await vault.recall('acct-1')).toBeNull();
    expect(await vault.recallAll()).toEqual(new Map());
    vault.close();
  });

  it('refuses a sealed password moved onto another account, and drops it', async () => {
    const name = freshName();
    const vault = await PasswordVault.open({ name });
    await vault.remember('acct-1', 'pw');
    vault.close();
    const db = await openDB(name);
    const sealed = await db.get('secrets', 'acct-1');
    await db.put('secrets', { ...sealed, accountId: 'acct-2' });
    db.close();
    const again = await PasswordVault.open({ name });
    expect(await again.recall('acct-2')).toBeNull();
    expect(await again.recall('acct-1')).toBe('pw');
    again.close();
  });

  it('uses a fresh nonce for every encryption', async () => {
    const name = freshName();
    const vault = await PasswordVault.open({ name });
    await vault.remember('a', 'same');
    await vault.remember('b', 'same');
    vault.close();
    const db = await openDB(name);
    const [a, b] = [await db.get('secrets', 'a'), await db.get('secrets', 'b')];
    db.close();
    expect(Array.from(a.iv as Uint8Array)).not.toEqual(Array.from(b.iv as Uint8Array));
  });
});
