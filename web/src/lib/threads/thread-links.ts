// What ties a message to others: its own Message-ID, every id it replies to, and, only when it
// names no parent at all, its subject (threadSubject). Two messages that share a link are in
// one conversation. A message with no id, no parent and an empty subject has no link: it is a
// conversation of its own.
import { threadSubject } from './thread-subject.ts';

export interface ThreadHeaderFields {
  messageId?: string | null;
  references?: readonly string[];
  subject: string;
}

export function threadLinksOf(message: ThreadHeaderFields): string[] {
  const links = new Set<string>();
  if (message.messageId) links.add(`id:${message.messageId}`);
  for (const id of message.references ?? []) links.add(`id:${id}`);
  if ((message.references ?? []).length === 0) {
    const subject = threadSubject(message.subject);
    if (subject !== '') links.add(`subject:${subject}`);
  }
  return [...links];
}
