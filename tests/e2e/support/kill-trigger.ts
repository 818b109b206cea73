/**
 * Waits, inside the page, for a sync to reach a kill point, and says where it was: the
 * progress bar's phase and counts (what the user sees) and the whole bodies committed in
 * IndexedDB (read without app code). Polling in the page keeps the gap between seeing the
 * point and the SIGKILL to one CDP round trip.
 */
import type { Page } from '@playwright/test';
import type { KillTrigger, SyncPhase } from './kill-points.ts';

export interface SyncObservation {
  /** null: no sync showing (not started yet, or already over). */
  phase: SyncPhase | null;
  messagesDone: number;
  messagesTotal: number;
  /** Whole bodies in IndexedDB beyond those there when the watch began. */
  bodiesCommitted: number;
  /** The progress bar had been seen and is gone: the sync ended before the point. */
  syncEnded: boolean;
}

/**
 * Starts watching now; resolves with the observation at the moment the point is reached.
 * Start it before the click that starts the sync, so no phase slips by unseen.
 */
export function watchForKillPoint(page: Page, trigger: KillTrigger, timeoutMs = 30_000): Promise<SyncObservation> {
  return page.evaluate(async ({ trigger, timeoutMs }) => {
    const ORDER = ['connecting', 'listing', 'headers', 'bodies', 'deleting', 'closing'];
    let db: IDBDatabase | null = null;
    const openDb = async (): Promise<IDBDatabase | null> => {
      // Opening a database that does not exist yet would create it under the app (stored-mail.ts).
      if (db === null && (await indexedDB.databases()).some((info) => info.name === 'satchel')) {
        const request = indexedDB.open('satchel');
        db = await new Promise<IDBDatabase>((resolve, reject) => {
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      return db;
    };
    const wholeBodies = async (): Promise<number> => {
      const open = await openDb();
      if (open === null || !open.objectStoreNames.contains('messages')) return 0;
      const read = open.transaction('messages', 'readonly').objectStore('messages').getAll();
      const all = await new Promise<Array<{ state: string }>>((resolve, reject) => {
        read.onsuccess = () => resolve(read.result as Array<{ state: string }>);
        read.onerror = () => reject(read.error);
      });
      return all.filter((m) => m.state === 'complete').length;
    };
    let seen = false;
    const look = async (baseline: number) => {
      const bar = document.querySelector('[data-testid="sync-progress"]');
      const counts = /(\d+) of (\d+) messages/.exec(bar?.textContent ?? '');
      if (bar !== null) seen = true;
      return {
        phase: (bar?.getAttribute('data-phase') ?? null) as SyncPhase | null,
        messagesDone: Number(counts?.[1] ?? 0),
        messagesTotal: Number(counts?.[2] ?? 0),
        bodiesCommitted: trigger.kind === 'bodies' ? (await wholeBodies()) - baseline : 0,
        syncEnded: seen && bar === null,
      };
    };
    const reached = (o: Awaited<ReturnType<typeof look>>): boolean => {
      if (o.syncEnded) return true;
      const rank = o.phase === null ? -1 : ORDER.indexOf(o.phase);
      switch (trigger.kind) {
        case 'phase':
          return rank >= ORDER.indexOf(trigger.phase);
        case 'bodies':
          return o.bodiesCommitted >= trigger.count || rank > ORDER.indexOf('bodies');
        case 'deletes':
          return (o.phase === 'deleting' && o.messagesDone >= trigger.count) || rank > ORDER.indexOf('deleting');
      }
    };
    const baseline = trigger.kind === 'bodies' ? await wholeBodies() : 0;
    const deadline = performance.now() + timeoutMs;
    try {
      for (;;) {
        const observed = await look(baseline);
        if (reached(observed)) {
          if (trigger.kind !== 'phase' || trigger.afterMs === undefined || observed.syncEnded) return observed;
          await new Promise((resolve) => setTimeout(resolve, trigger.afterMs));
          return await look(baseline);
        }
        if (performance.now() > deadline) throw new Error(`kill point ${JSON.stringify(trigger)} not reached in ${timeoutMs} ms; last seen ${JSON.stringify(observed)}`);
        await new Promise((resolve) => setTimeout(resolve, 4));
      }
    } finally {
      (db as IDBDatabase | null)?.close();
    }
  }, { trigger, timeoutMs });
}
