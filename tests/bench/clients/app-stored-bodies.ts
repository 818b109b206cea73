/**
 * The app's stored bodies, read from its page once a run is over, for the delivery audit:
 * a digest of each, computed in the page, and the whole bytes of one that matches no source
 * message.
 */
import type { Page } from '@playwright/test';

/** SHA-256 and size of every stored body, computed in the page. */
export async function bodyDigests(page: Page, completeUids: string[]): Promise<Array<{ uid: string; sha256: string; size: number }>> {
  return page.evaluate(async (wanted) => {
    const complete = new Set(wanted);
    const request = indexedDB.open('satchel');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const read = db.transaction('message-bodies', 'readonly').objectStore('message-bodies').getAllKeys();
        read.onsuccess = () => resolve(read.result);
        read.onerror = () => reject(read.error);
      });
      const out: Array<{ uid: string; sha256: string; size: number }> = [];
      for (const key of keys) {
        if (!complete.has((key as [string, string])[1])) continue;
        const record = await new Promise<{ uid: string; raw: Uint8Array | Blob }>((resolve, reject) => {
          const read = db.transaction('message-bodies', 'readonly').objectStore('message-bodies').get(key);
          read.onsuccess = () => resolve(read.result);
          read.onerror = () => reject(read.error);
        });
        const bytes = record.raw instanceof Blob ? new Uint8Array(await record.raw.arrayBuffer()) : record.raw;
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
        out.push({ uid: record.uid, sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''), size: bytes.byteLength });
      }
      return out;
    } finally {
      db.close();
    }
  }, completeUids);
}

/** One stored body's bytes (base64 through the page), for the ones that match no source message. */
export async function bodyBytes(page: Page, uid: string): Promise<Uint8Array> {
  const base64 = await page.evaluate(async (wanted) => {
    const request = indexedDB.open('satchel');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const all = await new Promise<Array<{ uid: string; raw: Uint8Array | Blob }>>((resolve, reject) => {
        const read = db.transaction('message-bodies', 'readonly').objectStore('message-bodies').getAll();
        read.onsuccess = () => resolve(read.result);
        read.onerror = () => reject(read.error);
      });
      const record = all.find((r) => r.uid === wanted)!;
      const bytes = record.raw instanceof Blob ? new Uint8Array(await record.raw.arrayBuffer()) : record.raw;
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    } finally {
      db.close();
    }
  }, uid);
  return new Uint8Array(Buffer.from(base64, 'base64'));
}
