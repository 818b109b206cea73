// A conversation's row brought up to date from the messages a batch adds or rewrites, without
// reading the conversation's other messages: a first sync writes every message twice (headers,
// then whole), and reading each conversation back per batch more than doubled the cost of its
// commits (docs/BENCHMARKS.md, "Conversations"). Only the common shapes are answered; for the
// others (a message that moves back in time, changes sender or is deleted, a new message
// older than the latest from anyone but the first writer, a fifth writer) the answer is
// undefined and the caller reads every message and calls summarizeThread. It answers exactly
// what summarizeThread would.
import { MAX_PARTICIPANTS, summarizeThread, type ThreadMember, type ThreadSummary } from './summarize-thread.ts';

export interface MemberChange<M extends ThreadMember> {
  record: M;
  /** The message as it was stored in this same conversation, or undefined when it is new to it. */
  previous: M | undefined;
}

const later = (a: ThreadMember, b: ThreadMember): boolean => a.date > b.date || (a.date === b.date && a.uid > b.uid);
const writer = (from: ThreadMember['from']): string | null => (from === null ? null : (from.address || from.name).toLowerCase());
const sameFrom = (a: ThreadMember['from'], b: ThreadMember['from']): boolean => a === b || (a !== null && b !== null && a.name === b.name && a.address === b.address);
const counts = (m: ThreadMember): boolean => !m.deletedLocally;

export function updateThreadSummary<M extends ThreadMember>(current: ThreadSummary<M> | undefined, changes: ReadonlyArray<MemberChange<M>>): ThreadSummary<M> | null | undefined {
  // No row: no message of it counts yet (tombstones at most), so the batch's are all there is.
  if (current === undefined) return summarizeThread(changes.map((c) => c.record));
  let { count, unread, latest } = current;
  const participants = [...current.participants];
  const added: M[] = [];
  for (const { record, previous } of changes) {
    if (previous === undefined) {
      added.push(record);
      continue;
    }
    // Rewritten in place (the whole message after its header, read or marked unread): where
    // it sorts, who wrote it and whether it counts must not move; its seen flag moves unread.
    const same = previous.date === record.date && sameFrom(previous.from, record.from) && counts(previous) === counts(record);
    if (!same) return undefined;
    if (counts(record) && previous.flags.seen !== record.flags.seen) unread += record.flags.seen ? -1 : 1;
    if (record.uid === latest.uid) latest = record;
  }
  added.sort((a, b) => (later(a, b) ? 1 : later(b, a) ? -1 : 0));
  for (const record of added) {
    if (!counts(record)) continue;
    if (!later(record, latest)) {
      // Older than the latest (a first sync stores newest first): it counts, and the names the
      // row shows stand when nobody wrote it or it is from the first writer, as they wrote it
      // (a conversation of one sender's reports). Any other writer may reorder them.
      if (record.from !== null && !(participants.length > 0 && sameFrom(participants[0]!, record.from))) return undefined;
      count += 1;
      if (!record.flags.seen) unread += 1;
      continue;
    }
    count += 1;
    if (!record.flags.seen) unread += 1;
    latest = record;
    const who = writer(record.from);
    if (who === null || participants.some((p) => writer(p) === who)) continue;
    if (participants.length >= MAX_PARTICIPANTS) return undefined;
    participants.push(record.from as NonNullable<M['from']>);
  }
  return { count, unread, latest, participants };
}
