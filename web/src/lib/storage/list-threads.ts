// Conversations for the list and the reader: rows newest first by their latest message, read
// from the threads store (one record a conversation, never the messages), and one
// conversation's messages oldest first through the by-thread index.
import type { SatchelDatabase } from './open-database.ts';
import type { MessageRecord, ThreadRecord } from './schema.ts';

interface ThreadScope {
  /** Omit for all accounts. */
  accountId?: string;
}

function rangeOf(scope: ThreadScope): { index: 'by-date' | 'by-account-date'; range: IDBKeyRange | null } {
  return scope.accountId === undefined
    ? { index: 'by-date', range: null }
    : { index: 'by-account-date', range: IDBKeyRange.bound([scope.accountId, -Infinity], [scope.accountId, Infinity]) };
}

export async function countThreads(db: SatchelDatabase, scope: ThreadScope): Promise<number> {
  const { index, range } = rangeOf(scope);
  return db.countFromIndex('threads', index, range ?? undefined);
}

/** Rows `start` to `end` (exclusive) of the conversations, newest first. */
export async function readThreads(db: SatchelDatabase, scope: ThreadScope & { start: number; end: number }): Promise<ThreadRecord[]> {
  const { index, range } = rangeOf(scope);
  const tx = db.transaction('threads', 'readonly');
  let cursor = await tx.store.index(index).openCursor(range, 'prev');
  // advance() skips in the browser's IndexedDB backend, without handing each value over.
  if (cursor !== null && scope.start > 0) cursor = await cursor.advance(scope.start);
  const rows: ThreadRecord[] = [];
  for (; cursor !== null && rows.length < scope.end - scope.start; cursor = await cursor.continue()) rows.push(cursor.value);
  await tx.done;
  return rows;
}

/**
 * A conversation's newest `limit` messages, oldest first, tombstones left out, and whether it
 * has older ones: a conversation of thousands (a daily report, one subject for years) is read
 * a page at a time, never whole.
 */
export async function listThreadMessages(db: SatchelDatabase, accountId: string, threadKey: string, limit: number): Promise<{ messages: MessageRecord[]; older: boolean }> {
  const tx = db.transaction('messages', 'readonly');
  const range = IDBKeyRange.bound([accountId, threadKey, -Infinity], [accountId, threadKey, Infinity]);
  const newestFirst: MessageRecord[] = [];
  let older = false;
  for (let cursor = await tx.store.index('by-thread').openCursor(range, 'prev'); cursor !== null; cursor = await cursor.continue()) {
    if (cursor.value.deletedLocally) continue;
    if (newestFirst.length === limit) {
      older = true;
      break;
    }
    newestFirst.push(cursor.value);
  }
  await tx.done;
  return { messages: newestFirst.reverse(), older };
}
