// Conversations, kept as messages are stored (docs/THREADS.md). Runs inside the transaction
// that writes the messages, so a message and its conversation are stored together or not at
// all. Requests are issued together and awaited once (all-requests.ts), as the commit does.
import { unwrap, type IDBPTransaction } from 'idb';
import { planThreads } from '../threads/plan-threads.ts';
import { summarizeThread } from '../threads/summarize-thread.ts';
import { threadLinksOf } from '../threads/thread-links.ts';
import { allOf } from './all-requests.ts';
import { isPlaceholder } from './placeholder-record.ts';
import type { MessageRecord, SatchelDB, ThreadLinkRecord, ThreadRecord } from './schema.ts';

type ThreadTransaction = IDBPTransaction<SatchelDB, ['messages', 'threads', ...Array<'message-bodies' | 'thread-links'>], 'readwrite'>;
type LinkTransaction = IDBPTransaction<SatchelDB, ['messages', 'threads', 'thread-links', ...Array<'message-bodies'>], 'readwrite'>;

/** A thread, as a key for sets: [accountId, threadKey] as JSON. */
export type ThreadId = string;
const threadId = (accountId: string, threadKey: string): ThreadId => JSON.stringify([accountId, threadKey]);

interface Assigned {
  threadOf(record: MessageRecord): string;
  /** Every thread whose messages changed: refreshThreads rewrites their rows. */
  touched: Set<ThreadId>;
}

/**
 * Picks each record's conversation (records of one batch, after merging with what was
 * stored, so a refetch keeps its threadKey), and moves the messages and links of threads it
 * merges. Call before the records are written; then refreshThreads after.
 */
export async function assignThreads(tx: LinkTransaction, records: readonly MessageRecord[]): Promise<Assigned> {
  const assigned = new Map<string, string>();
  const touched = new Set<ThreadId>();
  const byAccount = new Map<string, MessageRecord[]>();
  for (const r of records) byAccount.set(r.accountId, [...(byAccount.get(r.accountId) ?? []), r]);
  for (const [accountId, batch] of byAccount) {
    const inputs = batch.map((r) => ({ key: r.uid, links: threadLinksOf(r), ...(r.threadKey === undefined ? {} : { current: r.threadKey }) }));
    const links = unwrap(tx.objectStore('thread-links'));
    const threads = unwrap(tx.objectStore('threads'));
    const allLinks = [...new Set(inputs.flatMap((i) => i.links))];
    const found = (await allOf(allLinks.map((link) => links.get([accountId, link])))) as Array<ThreadLinkRecord | undefined>;
    const linkThread = new Map(allLinks.flatMap((link, i) => (found[i] === undefined ? [] : [[link, found[i].threadKey] as const])));
    const known = [...new Set([...linkThread.values(), ...inputs.flatMap((i) => (i.current === undefined ? [] : [i.current]))])];
    const rows = (await allOf(known.map((key) => threads.get([accountId, key])))) as Array<ThreadRecord | undefined>;
    const sizes = new Map(known.map((key, i) => [key, rows[i]?.count ?? 0]));
    const plan = planThreads(inputs, { threadOfLink: (link) => linkThread.get(link), sizeOf: (key) => sizes.get(key) ?? 0 });
    await moveMerged(tx, accountId, plan.merges);
    await allOf([...plan.links].map(([link, threadKey]) => links.put({ accountId, link, threadKey })), false);
    for (const [uid, threadKey] of plan.threadOf) {
      assigned.set(threadId(accountId, uid), threadKey);
      touched.add(threadId(accountId, threadKey));
    }
    for (const survivor of plan.merges.values()) touched.add(threadId(accountId, survivor));
  }
  return { threadOf: (r) => assigned.get(threadId(r.accountId, r.uid))!, touched };
}

/** Folds each loser thread into its survivor: its messages and links take the survivor's key, its row goes. */
async function moveMerged(tx: LinkTransaction, accountId: string, merges: ReadonlyMap<string, string>): Promise<void> {
  if (merges.size === 0) return;
  const messages = unwrap(tx.objectStore('messages'));
  const links = unwrap(tx.objectStore('thread-links'));
  const losers = [...merges.keys()];
  const members = (await allOf(losers.map((loser) => messages.index('by-thread').getAll(threadRange(accountId, loser))))) as MessageRecord[][];
  const tied = (await allOf(losers.map((loser) => links.index('by-thread').getAll([accountId, loser])))) as ThreadLinkRecord[][];
  const writes: IDBRequest[] = [];
  losers.forEach((loser, i) => {
    const survivor = merges.get(loser)!;
    for (const m of members[i]!) writes.push(messages.put({ ...m, threadKey: survivor }));
    for (const l of tied[i]!) writes.push(links.put({ ...l, threadKey: survivor }));
    writes.push(unwrap(tx.objectStore('threads')).delete([accountId, loser]));
  });
  await allOf(writes, false);
}

/** Rewrites the row of each thread from its messages as they are now; a thread left empty loses its row. */
export async function refreshThreads(tx: ThreadTransaction, touched: ReadonlySet<ThreadId>): Promise<void> {
  const ids = [...touched].map((id) => JSON.parse(id) as [string, string]);
  const messages = unwrap(tx.objectStore('messages'));
  const threads = unwrap(tx.objectStore('threads'));
  const members = (await allOf(ids.map(([accountId, key]) => messages.index('by-thread').getAll(threadRange(accountId, key))))) as MessageRecord[][];
  const writes: IDBRequest[] = [];
  ids.forEach(([accountId, threadKey], i) => {
    const summary = summarizeThread(members[i]!);
    if (summary === null) {
      writes.push(threads.delete([accountId, threadKey]));
      return;
    }
    // The bytes stay out of the row (a page of rows is read at each start), except a
    // placeholder's empty preview: that is what marks it as one (isPlaceholder).
    const { preview, ...withoutBytes } = summary.latest;
    const latest = isPlaceholder(summary.latest) ? { ...withoutBytes, preview } : withoutBytes;
    const row: ThreadRecord = { accountId, threadKey, count: summary.count, unread: summary.unread, latestDate: latest.date, latest, participants: summary.participants };
    writes.push(threads.put(row));
  });
  await allOf(writes, false);
}

function threadRange(accountId: string, threadKey: string): IDBKeyRange {
  return IDBKeyRange.bound([accountId, threadKey, -Infinity], [accountId, threadKey, Infinity]);
}
