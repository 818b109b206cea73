// The stored inbox as a row source: the unified inbox of every account, or one account's.
import { countInbox, listInboxRange, type MessageRecord, type SatchelDatabase } from '../storage/index.ts';
import type { RowSource } from './row-source.ts';

export function inboxRowSource(db: SatchelDatabase, accountId: string | null): RowSource<MessageRecord> {
  const account = accountId === null ? {} : { accountId };
  // The last count lets a range in the older half be read from the oldest end (End, the
  // scrollbar dragged low): the walk to it is then short.
  let total: number | undefined;
  return {
    count: async () => (total = await countInbox(db, accountId ?? undefined)),
    rows: (start, end) => listInboxRange(db, { ...account, start, end, ...(total === undefined ? {} : { total }) }),
  };
}
