// One page of the inbox, newest first, for a virtualized list: walks a date index with a
// cursor and stops after `limit`, reading records only (a whole message's bytes live in
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
