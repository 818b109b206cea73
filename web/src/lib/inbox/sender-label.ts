import type { MailAddress } from '../storage/index.ts';

/** What the list shows for a sender: the display name, else the address. */
export function senderLabel(from: MailAddress | null): string {
  if (from === null) return '(unknown sender)';
  const name = from.name.trim();
  if (name !== '') return name;
  return from.address.trim() === '' ? '(unknown sender)' : from.address;
}

export function subjectLabel(subject: string): string {
  return subject.trim() === '' ? '(no subject)' : subject;
}
