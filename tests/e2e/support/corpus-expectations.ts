/**
 * What the inbox should show for corpus messages, worked out independently in Node: the
 * same bytes the harness delivered, parsed by postal-mime, labelled the way a person reads
 * a list (display name else address; "(no subject)").
 */
import PostalMime from 'postal-mime';
import type { CorpusMessage } from '../../support/corpus.ts';

export interface ExpectedListing {
  /** The corpus file, for failure messages. */
  name: string;
  subject: string;
  fromName: string;
  fromAddress: string;
}

/** `count` indices spread evenly over `total` (always the same ones). */
export function evenSample(total: number, count: number): number[] {
  if (total <= count) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: count }, (_, i) => Math.floor((i * total) / count));
}

/** null when postal-mime refuses the message (the app then falls back to raw headers). */
export async function expectedListing(message: CorpusMessage): Promise<ExpectedListing | null> {
  const email = await PostalMime.parse(message.bytes, { attachmentEncoding: 'arraybuffer' }).catch(() => null);
  if (email === null) return null;
  // A group (RFC 5322 §3.4) stands for its first member; an empty group for nobody.
  const from = email.from?.group !== undefined ? email.from.group[0] : email.from;
  return { name: message.name, subject: email.subject ?? '', fromName: from?.name ?? '', fromAddress: from?.address ?? '' };
}

/** Whitespace as a list row renders it: runs collapsed, ends trimmed. */
export function asRendered(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function subjectShown(expected: ExpectedListing): string {
  return asRendered(expected.subject) === '' ? '(no subject)' : asRendered(expected.subject);
}

export function senderShown(expected: ExpectedListing): string {
  const name = asRendered(expected.fromName);
  if (name !== '') return name;
  return asRendered(expected.fromAddress) === '' ? '(unknown sender)' : asRendered(expected.fromAddress);
}
