/**
 * What the app stored, read straight from its IndexedDB in the page (no app code): the
 * specs compare it with the server and with postal-mime in Node. Opening without a version
 * never upgrades anything.
 */
import type { Page } from '@playwright/test';

/** The fields of a `messages` record (web/src/lib/storage/schema.ts) the specs look at. */
export interface StoredMessage {
  accountId: string;
  uid: string;
  subject: string;
  from: { name: string; address: string } | null;
  /** Octets as LIST reported them. */
  size: number;
  state: 'header' | 'complete';
  deletedLocally: boolean;
  storedAt: number;
}

interface StoredAccount {
  id: string;
  displayName: string;
  targetName: string;
  userName: string;
}

interface StoredSyncState {
  accountId: string;
  lastSyncAt: number | null;
  lastErrorCode: string | null;
}

export interface StoredMail {
  accounts: StoredAccount[];
  syncStates: StoredSyncState[];
  messages: StoredMessage[];
  /** Keys of the `message-bodies` store, as "accountId uid". */
  bodyKeys: string[];
}

export async function readStoredMail(page: Page): Promise<StoredMail> {
  return page.evaluate(async () => {
    // Opening a database that does not exist would create it at version 1, and the app's
    // upgrade ladder would then skip its first step: look first, create nothing.
    const known = await indexedDB.databases();
    if (!known.some((info) => info.name === 'satchel')) return { accounts: [], syncStates: [], messages: [], bodyKeys: [] };
    const request = indexedDB.open('satchel');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const names = ['accounts', 'sync-state', 'messages', 'message-bodies'].filter((name) => db.objectStoreNames.contains(name));
      if (names.length === 0) return { accounts: [], syncStates: [], messages: [], bodyKeys: [] };
      const tx = db.transaction(names, 'readonly');
      const all = <T>(name: string, keysOnly = false) =>
        names.includes(name)
          ? new Promise<T[]>((resolve, reject) => {
              const store = tx.objectStore(name);
              const read = keysOnly ? store.getAllKeys() : store.getAll();
              read.onsuccess = () => resolve(read.result as T[]);
              read.onerror = () => reject(read.error);
            })
          : Promise.resolve([] as T[]);
      const [accounts, syncStates, messages, bodyKeys] = await Promise.all([
        all<{ id: string; displayName: string; targetName: string; userName: string }>('accounts'),
        all<{ accountId: string; lastSyncAt: number | null; lastErrorCode: string | null }>('sync-state'),
        all<{ accountId: string; uid: string; subject: string; from: { name: string; address: string } | null; size: number; state: 'header' | 'complete'; deletedLocally?: boolean; storedAt: number }>('messages'),
        all<[string, string]>('message-bodies', true),
      ]);
      return {
        accounts: accounts.map(({ id, displayName, targetName, userName }) => ({ id, displayName, targetName, userName })),
        syncStates: syncStates.map(({ accountId, lastSyncAt, lastErrorCode }) => ({ accountId, lastSyncAt, lastErrorCode })),
        messages: messages.map(({ accountId, uid, subject, from, size, state, deletedLocally, storedAt }) => ({ accountId, uid, subject, from, size, state, deletedLocally: deletedLocally === true, storedAt })),
        bodyKeys: bodyKeys.map(([accountId, uid]) => `${accountId} ${uid}`),
      };
    } finally {
      db.close();
    }
  });
}

export function accountIdsOf(mail: StoredMail, userName: string): Set<string> {
  return new Set(mail.accounts.filter((account) => account.userName === userName).map((account) => account.id));
}

/** Messages of one account (by its user name on the server); local tombstones only when asked. */
export function messagesOf(mail: StoredMail, userName: string, options: { withDeletedHere?: boolean } = {}): StoredMessage[] {
  const ids = accountIdsOf(mail, userName);
  return mail.messages.filter((message) => ids.has(message.accountId) && (options.withDeletedHere === true || !message.deletedLocally));
}

/** Octets of each stored body, keyed "accountId uid" (the raw bytes are a Uint8Array or a Blob). */
export async function readBodySizes(page: Page): Promise<Map<string, number>> {
  const entries = await page.evaluate(async () => {
    const request = indexedDB.open('satchel');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const read = db.transaction('message-bodies', 'readonly').objectStore('message-bodies').getAll();
      const bodies = await new Promise<Array<{ accountId: string; uid: string; raw: Uint8Array | Blob }>>((resolve, reject) => {
        read.onsuccess = () => resolve(read.result as Array<{ accountId: string; uid: string; raw: Uint8Array | Blob }>);
        read.onerror = () => reject(read.error);
      });
      return bodies.map(({ accountId, uid, raw }) => [`${accountId} ${uid}`, raw instanceof Blob ? raw.size : raw.byteLength] as [string, number]);
    } finally {
      db.close();
    }
  });
  return new Map(entries);
}
