// Where the reader goes after its message is deleted: the next message down the list, as Gmail,
// Fastmail and Thunderbird do, or the one above when it was the last; null when none is left.
import type { MessageRecord } from '../storage/index.ts';

export interface MessageKey {
  accountId: string;
  uid: string;
}

export function messageAfter(messages: readonly MessageRecord[], deleted: MessageKey): MessageRecord | null {
  const index = messages.findIndex((m) => m.accountId === deleted.accountId && m.uid === deleted.uid);
  if (index < 0) return null;
  return messages[index + 1] ?? messages[index - 1] ?? null;
}
