// The search index in IndexedDB, beside the messages: one state record and the chunks of
// FlexSearch's export, always replaced together in one transaction, so a tab killed while
// saving leaves the previous save whole. The index is derived data: losing it costs a
// catch-up that indexes the stored mail again, never mail.
import type { SatchelDatabase, SearchIndexChunkRecord, SearchIndexStateRecord } from '../storage/index.ts';
import { SearchError } from './error-codes.ts';
import type { IndexChunk } from './message-index.ts';

/** Bump when the analysis or the fields change: an older save is then dropped and rebuilt by catch-up. */
const INDEX_FORMAT = 1;

export interface SavedIndex {
  state: SearchIndexStateRecord;
  chunks: IndexChunk[];
}

function chunkName(position: number): string {
  return `chunk:${String(position).padStart(6, '0')}`;
}

/** The last save, or null when there is none, it is of another format, or it is incomplete. */
export async function loadSavedIndex(db: SatchelDatabase): Promise<SavedIndex | null> {
  let records;
  try {
    records = await db.getAll('search-index');
  } catch (error) {
    throw new SearchError('SEARCH_ERR_INDEX', undefined, { cause: error });
  }
  const state = records.find((r): r is SearchIndexStateRecord => r.name === 'state');
  if (state === undefined || state.format !== INDEX_FORMAT) return null;
  // getAll returns records in key order, and chunk names sort in export order.
  const chunks = records.filter((r): r is SearchIndexChunkRecord => r.name.startsWith('chunk:')).map((r): IndexChunk => [r.key, r.data]);
  return chunks.length === state.chunkCount ? { state, chunks } : null;
}

export async function saveIndex(db: SatchelDatabase, state: Omit<SearchIndexStateRecord, 'name' | 'format' | 'chunkCount'>, chunks: readonly IndexChunk[]): Promise<void> {
  try {
    const tx = db.transaction('search-index', 'readwrite');
    const store = tx.objectStore('search-index');
    // Promise.all listens to every request, so a failed one is never an unhandled rejection.
    await Promise.all([
      store.clear(),
      store.put({ ...state, name: 'state', format: INDEX_FORMAT, chunkCount: chunks.length }),
      ...chunks.map(([key, data], position) => store.put({ name: chunkName(position), key, data })),
      tx.done,
    ]);
  } catch (error) {
    throw new SearchError('SEARCH_ERR_INDEX', undefined, { cause: error });
  }
}
