// Commits many downloaded messages in one transaction with strict durability.
//
// Why a batch: each strict transaction costs a flush to disk. A first sync of 2,000 messages
// committed one by one would pay 2,000 flushes; in batches of ~64 it pays ~32. DESIGN.md invariant 2
// still holds per message: the promise resolves only after the transaction's `complete`
// event, and a failed batch stores none of its messages (the transaction aborts whole).
import { unwrap, type IDBPTransaction } from 'idb';
import type { SatchelDatabase } from './open-database.ts';
import { runReadWrite } from './run-transaction.ts';
import type { MessageRecord, RawMessage, SatchelDB } from './schema.ts';
import { allOf } from './all-requests.ts';
import { assignThreads, refreshThreads } from './thread-assignment.ts';
import { withInboxDate } from './inbox-date.ts';
import { validateMessage } from './validate-message.ts';

export interface MessageCommit extends MessageRecord {
  raw: RawMessage;
}

type CommitTransaction = IDBPTransaction<SatchelDB, ['messages', 'message-bodies', 'threads'], 'readwrite'>;

/** What a committed batch changed beyond its own messages. */
export interface CommittedBatch {
  /** The conversations whose rows it rewrote or removed (the list can tell whether it shows one). */
  threadKeys: string[];
}

export async function commitMessages(db: SatchelDatabase, commits: readonly MessageCommit[]): Promise<CommittedBatch> {
  // Validate everything first, so one bad record refuses the batch before any write starts.
  for (const { raw, ...record } of commits) validateMessage(record, raw);
  if (commits.length === 0) return { threadKeys: [] };
  // Threads are assigned in the same transaction: a tab killed mid-sync leaves each message
  // with its conversation or neither (docs/THREADS.md).
  return runReadWrite(db, ['messages', 'message-bodies', 'threads'], { durability: 'strict' }, (tx) => putAllMerged(tx, commits));
}

/**
 * What merging and writing each commit one after another would store, with the requests
 * pipelined: every read is issued at once and awaited once, then every write. Awaiting 3
 * requests per message made a batch of 512 cost 1,536 round trips to the browser's
 * IndexedDB backend. A key seen twice in the batch sees its earlier commit, as it would one
 * by one.
 *
 * Reads and writes go through the bare IDBObjectStore, awaited together (allOf): idb's
 * promise and two listeners per request were a tenth of the sync Worker's busy time in a
 * loopback trace.
 */
async function putAllMerged(tx: CommitTransaction, commits: readonly MessageCommit[]): Promise<CommittedBatch> {
  const messages = unwrap(tx.objectStore('messages'));
  const bodies = unwrap(tx.objectStore('message-bodies'));
  const keyOf = (c: { accountId: string; uid: string }): string => JSON.stringify([c.accountId, c.uid]);
  const unique = new Map(commits.map((c) => [keyOf(c), [c.accountId, c.uid] as [string, string]]));
  const found = (await allOf([...unique.values()].map((key) => messages.get(key)))) as Array<MessageRecord | undefined>;
  const current = new Map<string, MessageRecord | undefined>([...unique.keys()].map((key, i) => [key, found[i]]));
  const toWrite: Array<{ merged: MessageRecord; raw: RawMessage }> = [];
  for (const { raw, ...record } of commits) {
    const key = keyOf(record);
    const merged = mergeInto(current.get(key), record);
    if (merged === null) continue;
    current.set(key, merged);
    toWrite.push({ merged, raw });
  }
  // A key written twice in the batch is threaded once, as its last version, against what was stored before the batch.
  const last = new Map(toWrite.map(({ merged }) => [keyOf(merged), merged]));
  const before = new Map([...unique.keys()].map((key, i) => [key, found[i]]));
  const threaded = await assignThreads(tx, [...last].map(([key, record]) => ({ record, previous: before.get(key) })));
  const writes: IDBRequest[] = [];
  for (const { merged, raw } of toWrite) {
    const record = threaded.withThread(merged);
    // A put that throws at once (bytes that cannot be cloned) throws out of here, and
    // runReadWrite aborts the transaction. A header-only message's bytes ride in its record
    // (schema.ts says why); a whole one's record carries none (mergeInto starts from `record`).
    if (record.state === 'header') writes.push(messages.put(withInboxDate({ ...record, preview: raw })));
    else writes.push(messages.put(withInboxDate(record)), bodies.put({ accountId: record.accountId, uid: record.uid, raw }));
  }
  await allOf(writes, false);
  await refreshThreads(tx, threaded.touched);
  return { threadKeys: [...new Set([...[...threaded.touched.values()].map((t) => t.threadKey), ...threaded.merged])] };
}

/** The record to write over `existing`, or null to leave it (never downgrade a whole copy). */
function mergeInto(existing: MessageRecord | undefined, record: MessageRecord): MessageRecord | null {
  // DESIGN.md invariant 3: the key (account, UIDL) makes a second commit overwrite, never duplicate.
  // A header-only refetch must not replace a complete copy with a preview.
  if (existing?.state === 'complete' && record.state === 'header') return null;
  // What the user did here (read it, deleted it) outlives a refetch of the bytes.
  return existing === undefined
    ? record
    : {
        ...record,
        flags: { seen: existing.flags.seen || record.flags.seen },
        deletedLocally: existing.deletedLocally || record.deletedLocally,
        ...(existing.threadKey === undefined ? {} : { threadKey: existing.threadKey }),
      };
}
