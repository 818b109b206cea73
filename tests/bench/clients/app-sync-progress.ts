/**
 * How far the app's sync has got, read from its page during a timed run: the inbox rows and
 * the complete records in IndexedDB, and the app's own progress bar, which says when those
 * costly reads are worth making. Read-only: the app exposes nothing for the bench.
 */
import { selectors } from '../../e2e/support/selectors.ts';

/** Playwright's page or the bare DevTools client of the timed part (cdp-page.ts). */
interface Evaluator {
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

export interface Counts {
  listed: number;
  stored: number;
}

/**
 * Counts the inbox rows when `rows` is set, and the complete records when `records` is set;
 * -1 for what was skipped. Both are costly in Chromium: a count walks the whole index in the
 * IndexedDB backend (~50 ms for 2,000 rows, 55 counts took ~2.7 s of backend CPU in one
 * loopback run, on the sequence the app's commits wait on), and reading every record
 * deserializes 2,000 of them on the page's thread. So each is skipped while the app's own
 * progress bar shows it cannot have reached the total yet (mayAllBeDone).
 */
export async function counts(page: Evaluator, rows: boolean, records: boolean): Promise<Counts> {
  return page.evaluate(async ({ rows, records }: { rows: boolean; records: boolean }) => {
    const w = window as unknown as { __benchDb?: IDBDatabase };
    if (w.__benchDb === undefined) {
      const known = await indexedDB.databases();
      if (!known.some((info) => info.name === 'satchel')) return { listed: 0, stored: 0 };
      const request = indexedDB.open('satchel');
      w.__benchDb = await new Promise<IDBDatabase>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      // Never stand in the way of an upgrade the app may want.
      w.__benchDb.onversionchange = () => {
        w.__benchDb?.close();
        w.__benchDb = undefined;
      };
    }
    // No index on state: read the records (metadata only; bodies live in their own store).
    const tx = w.__benchDb.transaction('messages', 'readonly');
    const store = tx.objectStore('messages');
    const [listed, all] = await Promise.all([
      rows
        ? new Promise<number>((resolve, reject) => {
            const request = store.index('by-date').count();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          })
        : -1,
      records
        ? new Promise<Array<{ state: string }>>((resolve, reject) => {
            const request = store.getAll();
            request.onsuccess = () => resolve(request.result as Array<{ state: string }>);
            request.onerror = () => reject(request.error);
          })
        : null,
    ]);
    return { listed, stored: all === null ? -1 : all.filter((record) => record.state === 'complete').length };
  }, { rows, records });
}

const PHASES_IN_ORDER = ['connecting', 'listing', 'headers', 'bodies', 'deleting', 'closing'];

interface ProgressShown {
  phase: string | null;
  done: number;
  total: number;
}

/** The app's progress bar: its phase and "n of m messages". Cheap to read, unlike the records. */
export async function progressShown(page: Evaluator): Promise<ProgressShown> {
  return page.evaluate((selector: string) => {
    const bar = document.querySelector(selector);
    const shown = /(\d+) of (\d+) messages/.exec(bar?.textContent ?? '');
    return { phase: bar?.getAttribute('data-phase') ?? null, done: shown ? Number(shown[1]) : -1, total: shown ? Number(shown[2]) : -1 };
  }, selectors.syncProgress);
}

/**
 * False only while the progress bar shows `phase` (or an earlier one) short of its total:
 * then not every header (phase 'headers') or body ('bodies') can be stored. Anything else (no
 * bar, a later phase, text it cannot read) is true, so IndexedDB is read: the bar only saves
 * work, IndexedDB decides.
 */
export function mayAllBeDone(shown: ProgressShown, phase: 'headers' | 'bodies'): boolean {
  const at = PHASES_IN_ORDER.indexOf(shown.phase ?? '');
  if (at < 0) return true;
  if (at < PHASES_IN_ORDER.indexOf(phase)) return false;
  return shown.phase !== phase || shown.done < 0 || shown.done >= shown.total;
}
