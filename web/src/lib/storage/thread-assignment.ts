// Conversations, kept as messages are stored (docs/THREADS.md). Runs inside the transaction
// that writes the messages, so a message and its conversation are stored together or not at
// all. A new message finds its conversation through the multiEntry by-link index over every
// message's threadLinks: no store of links to keep in step (writing one cost two requests a
// message), nothing to re-point when conversations merge. Requests are issued together and
// awaited once (all-requests.ts), as the commit does.
import { unwrap, type IDBPTransaction } from 'idb';
import { planThreads, type ThreadInput } from '../threads/plan-threads.ts';
import { summarizeThread } from '../threads/summarize-thread.ts';
import { threadLinksOf } from '../threads/thread-links.ts';
import { updateThreadSummary, type MemberChange } from '../threads/update-thread-summary.ts';
import { allOf } from './all-requests.ts';
import { withInboxDate } from './inbox-date.ts';
import { withoutPreview } from './placeholder-record.ts';
import type { MessageRecord, SatchelDB, ThreadRecord } from './schema.ts';

type ThreadTransaction = IDBPTransaction<SatchelDB, ['messages', 'threads', ...Array<'message-bodies'>], 'readwrite'>;

/** A message to store, and how it was stored before (undefined: it is new). */
export interface StoredChange {
  record: MessageRecord;
  previous: MessageRecord | undefined;
}

/** A thread whose messages changed, and what refreshThreads needs to rewrite its row. */
export interface TouchedThread {
  accountId: string;
  threadKey: string;
  /** Its row as stored before the batch; undefined when it had none. */
  row: ThreadRecord | undefined;
  /** The batch's messages in it, with how each was stored in it before. */
  changes: Array<MemberChange<MessageRecord>>;
  /** It took in other threads' messages, or lost some: read all of it. */
  readAll: boolean;
}

/** [accountId, threadKey] as JSON: a key for maps. */
const threadId = (accountId: string, threadKey: string): string => JSON.stringify([accountId, threadKey]);

/** How a link is kept in a record's threadLinks (the by-link index is over every account). */
const linkKey = (accountId: string, link: string): string => `${accountId}\u0000${link}`;

interface Assigned {
  /** The record with its threadKey and threadLinks, to write. */
  withThread(record: MessageRecord): MessageRecord;
  /** Every thread whose messages changed: refreshThreads rewrites their rows. */
  touched: Map<string, TouchedThread>;
  /** The threads merged into others: their rows are gone. */
  merged: string[];
}

/**
 * Picks each record's conversation (records of one batch, after merging with what was stored,
 * so a refetch keeps its threadKey), and moves the messages and links of threads it merges.
 * Call before the records are written; then refreshThreads after.
 */
export async function assignThreads(tx: ThreadTransaction, changes: readonly StoredChange[]): Promise<Assigned> {
  const assigned = new Map<string, string>();
  const touched = new Map<string, TouchedThread>();
  const merged: string[] = [];
  const byAccount = new Map<string, StoredChange[]>();
  for (const c of changes) {
    const batch = byAccount.get(c.record.accountId);
    if (batch === undefined) byAccount.set(c.record.accountId, [c]);
    else batch.push(c);
  }
  const byLink = unwrap(tx.objectStore('messages')).index('by-link');
  const threads = unwrap(tx.objectStore('threads'));
  for (const [accountId, batch] of byAccount) {
    // A message stored with a thread, whose links have not changed, stays: its links already
    // point to that thread (a merge moves links and messages together). That is every message
    // of a sync's second pass, the whole copies after the headers.
    const staying = new Set(batch.filter(({ record, previous }) => record.threadKey !== undefined && previous !== undefined && sameLinks(record, previous)));
    const moving = batch.filter((c) => !staying.has(c));
    const inputs: ThreadInput[] = moving.map(({ record: r }) => ({ key: r.uid, links: threadLinksOf(r), ...(r.threadKey === undefined ? {} : { current: r.threadKey }) }));
    const allLinks = [...new Set(inputs.flatMap((i) => i.links))];
    // Any stored message with the link tells its thread: all that share a link share a thread.
    const found = (await allOf(allLinks.map((link) => byLink.get(linkKey(accountId, link))))) as Array<MessageRecord | undefined>;
    const linkThread = new Map(allLinks.flatMap((link, i) => (found[i]?.threadKey === undefined ? [] : [[link, found[i].threadKey] as const])));
    const known = [...new Set([...linkThread.values(), ...batch.flatMap((c) => (c.record.threadKey === undefined ? [] : [c.record.threadKey]))])];
    const rows = (await allOf(known.map((key) => threads.get([accountId, key])))) as Array<ThreadRecord | undefined>;
    const rowOf = new Map(known.map((key, i) => [key, rows[i]]));
    const plan = planThreads(inputs, { threadOfLink: (link) => linkThread.get(link), sizeOf: (key) => rowOf.get(key)?.count ?? 0 });
    await moveMerged(tx, accountId, plan.merges);
    merged.push(...plan.merges.keys());

    const touch = (threadKey: string): TouchedThread => {
      const id = threadId(accountId, threadKey);
      let thread = touched.get(id);
      if (thread === undefined) touched.set(id, (thread = { accountId, threadKey, row: rowOf.get(threadKey), changes: [], readAll: false }));
      return thread;
    };
    // A staying message whose thread another message of the batch merged away follows it.
    for (const { record } of staying) assigned.set(threadId(accountId, record.uid), plan.merges.get(record.threadKey!) ?? record.threadKey!);
    for (const [uid, threadKey] of plan.threadOf) assigned.set(threadId(accountId, uid), threadKey);
    for (const { record, previous } of batch) {
      const threadKey = assigned.get(threadId(accountId, record.uid))!;
      const before = previous?.threadKey;
      touch(threadKey).changes.push({ record: { ...record, threadKey }, previous: before === threadKey ? previous : undefined });
      // Moved out of a thread that was not merged away: that thread lost it.
      if (before !== undefined && before !== threadKey && !plan.merges.has(before)) touch(before).readAll = true;
    }
    for (const survivor of plan.merges.values()) touch(survivor).readAll = true;
  }
  return {
    withThread: (r) => ({ ...r, threadKey: assigned.get(threadId(r.accountId, r.uid))!, threadLinks: threadLinksOf(r).map((link) => linkKey(r.accountId, link)) }),
    touched,
    merged,
  };
}

/** Whether `record` has the links `previous` was stored with (records from before threadLinks have none). */
function sameLinks(record: MessageRecord, previous: MessageRecord): boolean {
  const links = threadLinksOf(record).map((link) => linkKey(record.accountId, link));
  const stored = previous.threadLinks;
  return stored !== undefined && links.length === stored.length && links.every((link, i) => link === stored[i]);
}

/** Folds each loser thread into its survivor: its messages take the survivor's key (their links follow), its row goes. */
async function moveMerged(tx: ThreadTransaction, accountId: string, merges: ReadonlyMap<string, string>): Promise<void> {
  if (merges.size === 0) return;
  const messages = unwrap(tx.objectStore('messages'));
  const losers = [...merges.keys()];
  const members = (await allOf(losers.map((loser) => messages.index('by-thread').getAll(threadRange(accountId, loser))))) as MessageRecord[][];
  const writes: IDBRequest[] = [];
  losers.forEach((loser, i) => {
    const survivor = merges.get(loser)!;
    for (const m of members[i]!) writes.push(messages.put(withInboxDate({ ...m, threadKey: survivor })));
    writes.push(unwrap(tx.objectStore('threads')).delete([accountId, loser]));
  });
  await allOf(writes, false);
}

/**
 * Rewrites the row of each touched thread, after its messages are written: from the row and
 * the batch when that tells (updateThreadSummary), else from all its messages as they are now.
 * A thread left with no message loses its row.
 */
export async function refreshThreads(tx: ThreadTransaction, touched: ReadonlyMap<string, TouchedThread>): Promise<void> {
  const messages = unwrap(tx.objectStore('messages'));
  const threads = unwrap(tx.objectStore('threads'));
  const quick = new Map<TouchedThread, ReturnType<typeof updateThreadSummary<MessageRecord>>>();
  for (const thread of touched.values()) quick.set(thread, thread.readAll ? undefined : updateThreadSummary(thread.row, thread.changes));
  const unknown = [...touched.values()].filter((t) => quick.get(t) === undefined);
  const members = (await allOf(unknown.map((t) => messages.index('by-thread').getAll(threadRange(t.accountId, t.threadKey))))) as MessageRecord[][];
  unknown.forEach((t, i) => quick.set(t, summarizeThread(members[i]!)));
  const writes: IDBRequest[] = [];
  for (const [{ accountId, threadKey }, summary] of quick) {
    if (summary === null || summary === undefined) {
      writes.push(threads.delete([accountId, threadKey]));
      continue;
    }
    // The bytes stay out of the row: a page of rows is read at each start.
    const latest = withoutPreview(summary.latest);
    const row: ThreadRecord = { accountId, threadKey, count: summary.count, unread: summary.unread, latestDate: latest.date, latest, participants: summary.participants };
    writes.push(threads.put(row));
  }
  await allOf(writes, false);
}

/**
 * The row to rewrite for one message changed in place (read, deleted here), from the row as
 * stored: a seen flag moves only its unread count, so opening a message in a conversation of
 * thousands reads none of the others; the rest reads the thread (updateThreadSummary).
 */
export function touchedByChange(previous: MessageRecord, record: MessageRecord, row: ThreadRecord | undefined): Map<string, TouchedThread> {
  if (previous.threadKey === undefined) return new Map();
  // No row for a message that counts would be a row gone astray: read it all and write it again.
  const thread: TouchedThread = { accountId: previous.accountId, threadKey: previous.threadKey, row, changes: [{ record, previous }], readAll: row === undefined };
  return new Map([[threadId(previous.accountId, previous.threadKey), thread]]);
}

function threadRange(accountId: string, threadKey: string): IDBKeyRange {
  return IDBKeyRange.bound([accountId, threadKey, -Infinity], [accountId, threadKey, Infinity]);
}
