// The one place a message record gets its `inboxDate`: every write to the `messages` store
// passes the record through here, so the inbox indexes hold exactly the messages the inbox shows.
import type { MessageRecord } from './schema.ts';

export function withInboxDate(record: MessageRecord): MessageRecord {
  const { inboxDate: _, ...rest } = record;
  return record.deletedLocally ? rest : { ...rest, inboxDate: record.date };
}
