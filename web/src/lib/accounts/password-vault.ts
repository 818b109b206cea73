// "Remember on this device": passwords the user chose to keep, encrypted at rest.
//
// What this protects against: someone who copies the browser profile's files (a backup, a
// stolen disk image, another OS user reading the profile folder) finds only AES-GCM
// ciphertext. The key is a non-extractable CryptoKey: the browser stores it in IndexedDB
// (below) but never hands its bytes to script, and on many platforms wraps it with the OS
// key store, so the copied files alone do not decrypt.
//
// What it does NOT protect against: script running in this app's origin (an XSS, a hostile
// extension) can call decrypt with the same key and read every remembered password. That is
// why remembering is an explicit, per-account choice and the default is memory only.
//
// It lives in its own database, `satchel-vault`, so the mail database (satchel) stays
// credential-free by schema; clearing one never touches the other.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

const VAULT_DB_NAME = 'satchel-vault';
const VAULT_VERSION = 1;
const MASTER_KEY = 'master';

interface SealedPassword {
  accountId: string;
  /** 96-bit nonce, fresh for every encryption (AES-GCM must never reuse one under a key). */
  iv: Uint8Array;
  ciphertext: ArrayBuffer;
}

interface VaultSchema extends DBSchema {
  keys: { key: string; value: CryptoKey };
  secrets: { key: string; value: SealedPassword };
}

export interface VaultOptions {
  /** Defaults to VAULT_DB_NAME; tests use a fresh name each. */
  name?: string;
  subtle?: SubtleCrypto;
  random?: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class PasswordVault {
  #db: IDBPDatabase<VaultSchema>;
  #key: CryptoKey;
  #subtle: SubtleCrypto;
  #random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

  private constructor(db: IDBPDatabase<VaultSchema>, key: CryptoKey, subtle: SubtleCrypto, random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>) {
    this.#db = db;
    this.#key = key;
    this.#subtle = subtle;
    this.#random = random;
  }

  /** Opens the vault, creating its key on first use. Rejects where IndexedDB or WebCrypto is unavailable. */
  static async open(options: VaultOptions = {}): Promise<PasswordVault> {
    const subtle = options.subtle ?? globalThis.crypto.subtle;
    const random = options.random ?? ((bytes) => globalThis.crypto.getRandomValues(bytes));
    const db = await openDB<VaultSchema>(options.name ?? VAULT_DB_NAME, VAULT_VERSION, {
      upgrade(database) {
        database.createObjectStore('keys');
        database.createObjectStore('secrets', { keyPath: 'accountId' });
      },
    });
    // Generate before the transaction (no awaiting crypto inside one), then keep whichever key
    // is stored: if another tab won the race, its key wins and ours is dropped.
    const candidate = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const tx = db.transaction('keys', 'readwrite');
    const existing = await tx.store.get(MASTER_KEY);
    if (existing === undefined) await tx.store.put(candidate, MASTER_KEY);
    await tx.done;
    return new PasswordVault(db, existing ?? candidate, subtle, random);
  }

  async remember(accountId: string, password: string): Promise<void> {
    const iv = this.#random(new Uint8Array(12));
    // The account id is authenticated data: a sealed password copied onto another account's
    // record fails to open instead of logging in somewhere else.
    const ciphertext = await this.#subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(accountId) }, this.#key, encoder.encode(password));
    await this.#db.put('secrets', { accountId, iv, ciphertext });
  }

  /** The remembered password, or null if none (or it no longer decrypts, which drops it). */
  async recall(accountId: string): Promise<string | null> {
    const sealed = await this.#db.get('secrets', accountId);
    if (sealed === undefined) return null;
    return this.#open(sealed);
  }

  /** Every remembered password that still decrypts, by account id. */
  async recallAll(): Promise<Map<string, string>> {
    const all = await this.#db.getAll('secrets');
    const result = new Map<string, string>();
    for (const sealed of all) {
      const password = await this.#open(sealed);
      if (password !== null) result.set(sealed.accountId, password);
    }
    return result;
  }

  async forget(accountId: string): Promise<void> {
    await this.#db.delete('secrets', accountId);
  }

  close(): void {
    this.#db.close();
  }

  async #open(sealed: SealedPassword): Promise<string | null> {
    try {
      const iv = new Uint8Array(sealed.iv);
      const plain = await this.#subtle.decrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(sealed.accountId) }, this.#key, sealed.ciphertext);
      return decoder.decode(plain);
    } catch {
      // Sealed under a key that is gone, or tampered with: useless, so drop it.
      await this.forget(sealed.accountId);
      return null;
    }
  }
}
