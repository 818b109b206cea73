// The inbox, newest first: pages for the export (listMessages walks a date index with a
// cursor and stops after `limit`), and for the virtual list its length and any range of its
// rows (countInbox, listInboxRange). Records only (a whole message's bytes live in
// message-bodies; a header-only one's short preview rides in its record).
import type { IDBPCursorWithValue } from 'idb';
import type { SatchelDatabase } from './open-database.ts';
import type { MessageRecord, SatchelDB } from './schema.ts';

/** Where the previous page ended: pass its last message (any MessageRecord fits). */
interface ListPosition {
  date: number;
  accountId: string;
  uid: string;
}

export interface ListQuery {
  /** Omit for all accounts. */
  accountId?: string;
  limit: number;
  /** Exclusive: start just after this message. */
  before?: ListPosition;
  /** Tombstones (deleted here) are hidden unless asked for. */
  includeDeleted?: boolean;
}

type MessageCursor = IDBPCursorWithValue<SatchelDB, ['messages'], 'messages', 'by-date' | 'by-account-date'> | null;

export async function listMessages(db: SatchelDatabase, query: ListQuery): Promise<MessageRecord[]> {
  const tx = db.transaction('messages', 'readonly');
  const upper = query.before?.date ?? Infinity;
  // The upper bound is inclusive: messages with the same date as `before` may still follow it.
  const cursor: MessageCursor = query.accountId === undefined
    ? await tx.store.index('by-date').openCursor(IDBKeyRange.upperBound(upper), 'prev')
    : await tx.store.index('by-account-date').openCursor(IDBKeyRange.bound([query.accountId, -Infinity], [query.accountId, upper]), 'prev');
  const page: MessageRecord[] = [];
  for (let c = cursor; c !== null && page.length < query.limit; c = await c.continue()) {
    const message = c.value;
    if (query.before !== undefined && !comesAfter(message, query.before)) continue;
    if (message.deletedLocally && query.includeDeleted !== true) continue;
    page.push(message);
  }
  await tx.done;
  return page;
}

// Walking 'prev', equal index keys come in descending primary key ([accountId, uid]) order,
// so (date, accountId, uid) descending is the list order. JS string comparison is by UTF-16
// code unit, the same as IndexedDB's key order for strings.
function comesAfter(message: ListPosition, position: ListPosition): boolean {
  if (message.date !== position.date) return message.date < position.date;
  if (message.accountId !== position.accountId) return message.accountId < position.accountId;
  return message.uid < position.uid;
}

/** Omit accountId for the unified inbox of every account. */
export interface InboxRange {
  accountId?: string;
  /** Row index of the first message (0 = the newest), inclusive. */
  start: number;
  /** Row index one past the last message. */
  end: number;
  /** The inbox's length as last counted: a range in its older half is then walked to from the oldest end. */
  total?: number;
}

function inboxIndex(db: SatchelDatabase, accountId: string | undefined) {
  const store = db.transaction('messages', 'readonly').store;
  return accountId === undefined
    ? { index: store.index('by-inbox-date'), range: null }
    : { index: store.index('by-account-inbox-date'), range: IDBKeyRange.bound([accountId, -Infinity], [accountId, Infinity]) };
}

/** How many messages the inbox lists (tombstones are not in the index), without reading one. */
export function countInbox(db: SatchelDatabase, accountId?: string): Promise<number> {
  const { index, range } = inboxIndex(db, accountId);
  return range === null ? index.count() : index.count(range);
}

/**
 * Rows start to end of the inbox in list order (newest first; equal dates by descending
 * [accountId, uid], as listMessages pages them). The cursor skips to the range with
 * advance(), which walks the index in the browser's IndexedDB backend without handing a record
 * to script, so only the rows asked for are read; from the nearer end when `total` says which.
 * Rows past the end are simply not there.
 */
export async function listInboxRange(db: SatchelDatabase, { accountId, start, end, total }: InboxRange): Promise<MessageRecord[]> {
  if (end <= start) return [];
  const fromOldest = total !== undefined && start > total / 2;
  const skip = fromOldest ? Math.max(0, total - end) : start;
  const wanted = fromOldest ? Math.min(end, total) - start : end - start;
  const rows: MessageRecord[] = [];
  const { index, range } = inboxIndex(db, accountId);
  let cursor = await index.openCursor(range, fromOldest ? 'next' : 'prev');
  if (cursor !== null && skip > 0) cursor = await cursor.advance(skip);
  for (; cursor !== null && rows.length < wanted; cursor = await cursor.continue()) rows.push(cursor.value);
  return fromOldest ? rows.reverse() : rows;
}
