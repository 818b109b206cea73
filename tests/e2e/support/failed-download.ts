/**
 * Puts a message whose download failed into the app's IndexedDB, shaped as run-sync's
 * recordFetchFailure leaves it (web/src/lib/storage/fetch-failures.ts; inboxDate as
 * withInboxDate writes it, or the inbox would not list it): a placeholder known
 * only from the listing, with fetchFailure. A real server failure needs a fault server in
 * the e2e setup; the UI reads only the record, so writing it is enough to check what it shows.
 */
import type { Page } from '@playwright/test';

export interface FailedDownload {
  accountId: string;
  uid: string;
  size: number;
  code: string;
  attempts: number;
  lastAt: number;
}

export async function putFailedDownload(page: Page, failed: FailedDownload): Promise<void> {
  await page.evaluate(async ({ accountId, uid, size, code, attempts, lastAt }) => {
    const request = indexedDB.open('satchel');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const tx = db.transaction(['messages', 'threads'], 'readwrite');
      // A placeholder has no id and no subject, so it is a conversation of its own, keyed by
      // its UIDL, with a row of its own (web/src/lib/storage/thread-assignment.ts).
      const record = {
        accountId, uid, from: null, to: [], cc: [], subject: '', date: lastAt, size, snippet: '', attachments: [], flags: { seen: false },
        state: 'header', storedAt: lastAt, deletedLocally: false, inboxDate: lastAt, fetchFailure: { code, attempts, lastAt }, messageId: null, references: [], threadKey: uid, threadLinks: [],
        preview: new Uint8Array(0),
      };
      tx.objectStore('messages').put(record);
      tx.objectStore('threads').put({ accountId, threadKey: uid, count: 1, unread: 1, latestDate: lastAt, latest: record, participants: [] });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }, failed);
}
