/**
 * The fetch of one plan's messages within a session, and what each message's failure leaves
 * behind (DESIGN.md invariant 9): the rest of the plan goes on.
 */
import { type FetchRequest, type Pop3Session } from '../../../../../shared/pop3/index.ts';
import { messageAsServed, messageFingerprint, sameMessage, type MessageFingerprint, type PlannedMessage, type SyncPlan } from '../../../../../shared/sync/index.ts';
import { placeholderRecord, type MessageCommit } from '../../storage/index.ts';
import type { BatchCommitter } from './batch-committer.ts';
import { quickMetadata } from '../../message/quick-metadata.ts';
import { extractMetadata } from '../../message/message-metadata.ts';
import { OrderedWork } from './ordered-work.ts';
import { SyncFailure } from '../sync-error-codes.ts';
import { yieldTurnIfDue } from '../../platform/worker-turns.ts';
import { checkCancelled } from './check-cancelled.ts';
import type { ProgressReporter } from './progress-reporter.ts';

/** Headers committed at once before the rest, so the first screen of the inbox appears early. */
const FIRST_SCREEN = 50;
/**
 * Messages whose metadata is parsed at once (OrderedWork). At 100 ms RTT + 8 Mbit/s with
 * 2,000 messages, parsing one at a time kept every header listed only after 2.3 s, ~1 s of it
 * waiting on postal-mime.
 */
const PARSE_AHEAD = { maxCount: 64, maxBytes: 8 * 1024 * 1024 };

/** What the attempts of one sync stored between them (a restart without pipelining adds to it). */
export interface Tally {
  headersStored: number;
  bodiesStored: number;
  sizeMismatches: string[];
  bodiesFailed: string[];
}

/**
 * How fetchMessages treats one message's failure (DESIGN.md invariant 9): a TOP that fails, or a
 * server without TOP, leaves a placeholder record (headers come with the body); a RETR that
 * fails, or the connection ending while one came, is recorded on that message
 * (onBodyFailure), and the others go on.
 */
interface FailureHandling {
  canTop: boolean;
  onBodyFailure: (planned: PlannedMessage, code: string) => Promise<void>;
}

/**
 * Codes that say the session broke while a message's answer came: the message may be why (a
 * server that dies on it, stalls on it, garbles its status line, or sends more than can be
 * stored). Recorded on that message, the planner fetches it after every other one next time,
 * then backs off, so it cannot stop every older message sync after sync (DESIGN.md invariant 9).
 */
const ENDED_DURING_MESSAGE = new Set([
  'POP3_ERR_EOF',
  'TUNNEL_ERR_UPSTREAM_CLOSED',
  'TUNNEL_ERR_UPSTREAM_SILENT',
  'POP3_ERR_MESSAGE_TOO_LARGE',
  'POP3_ERR_BAD_STATUS',
  'POP3_ERR_LINE_TOO_LONG',
  'POP3_ERR_MESSAGE_CUT_SHORT',
]);

/**
 * Headers (TOP) and then bodies (RETR, newest first) in one pipeline, so the link never idles
 * for a round trip between the phases. The last header's batch is committed as soon as it
 * arrives, ahead of any body (batches commit in order), so the whole inbox is listed while
 * the bodies download; the first screen of headers is committed even earlier.
 */
export async function fetchMessages(session: Pop3Session, plan: SyncPlan, committer: BatchCommitter, progress: ProgressReporter, accountId: string, now: () => number, signal: AbortSignal | undefined, failures: FailureHandling, tally: Tally): Promise<void> {
  const { sizeMismatches, bodiesFailed } = tally;
  const headerByMsg = new Map(plan.headers.map((m) => [m.msg, m]));
  const bodyByMsg = new Map(plan.bodies.map((m) => [m.msg, m]));
  const requests: FetchRequest[] = [
    ...(failures.canTop ? plan.headers.map((m): FetchRequest => ({ type: 'TOP', msg: m.msg, lines: plan.previewLines, size: m.size })) : []),
    ...plan.bodies.map((m): FetchRequest => ({ type: 'RETR', msg: m.msg, size: m.size })),
  ];
  const bodiesPhase = (): void => progress.phase('bodies', plan.bodies.length, plan.bodies.reduce((sum, m) => sum + m.size, 0));
  if (plan.headers.length > 0) progress.phase('headers', plan.headers.length, 0);
  else bodiesPhase();
  let headersDone = 0;
  let topsReceived = 0;
  const ready = new OrderedWork<{ commit: MessageCommit; bytes: number }>(PARSE_AHEAD, async ({ commit, bytes }) => {
    checkCancelled(signal); // what was parsed ahead is dropped, not stored
    await committer.add(commit);
    if (commit.state === 'complete') {
      tally.bodiesStored++;
      // Failed in an attempt this sync gave up, stored whole by the next one.
      if (bodiesFailed.includes(commit.uid)) bodiesFailed.splice(bodiesFailed.indexOf(commit.uid), 1);
      return progress.advance(1, bytes);
    }
    tally.headersStored++;
    headersDone++;
    // Headers have no byte total (LIST sizes are whole messages), so only counts move here.
    progress.advance(1, 0);
    if (headersDone === FIRST_SCREEN || headersDone === plan.headers.length) await committer.flush();
    if (headersDone === plan.headers.length) bodiesPhase();
  });
  const prepare = async (planned: PlannedMessage, raw: Uint8Array, state: 'header' | 'complete'): Promise<{ commit: MessageCommit; bytes: number }> => ({
    commit: await toCommit(accountId, planned, raw, state, now()),
    bytes: raw.byteLength,
  });
  const placeholder = (planned: PlannedMessage): Promise<{ commit: MessageCommit; bytes: number }> =>
    Promise.resolve({ commit: { ...placeholderRecord(accountId, planned.uid, planned.size, now()), raw: new Uint8Array(0) }, bytes: 0 });
  // Without TOP, a message whose body waits (too large, over budget) still gets its row.
  if (!failures.canTop) {
    for (const planned of plan.headers) await ready.push(placeholder(planned), 0);
    if (plan.headers.length > 0) await ready.drain();
  }
  /** What each TOP answer of this session said its message was: RETR's answer must agree (message-fingerprint.ts). */
  const topSaid = new Map<number, MessageFingerprint>();
  let answered = 0;
  try {
    await session.fetchMany(requests, async (request, bytes) => {
      answered++;
      // Closing the channel stops what is still to come, not what already arrived: on a fast
      // link that can be the whole mailbox, and a cancelled sync must stop storing at once.
      checkCancelled(signal);
      if (request.type === 'TOP') {
        topSaid.set(request.msg, messageFingerprint(bytes));
        await ready.push(prepare(headerByMsg.get(request.msg)!, bytes, 'header'), bytes.byteLength);
        // The last header: commit every header now, before the first body is even parsed.
        if (++topsReceived === plan.headers.length) await ready.drain();
        return;
      }
      const planned = bodyByMsg.get(request.msg)!;
      const said = topSaid.get(request.msg);
      topSaid.delete(request.msg);
      if (said !== undefined && !sameMessage(said, messageFingerprint(bytes))) {
        // Another message's answer (out of order, or one answered twice, shifting the rest):
        // never stored under this UIDL. The answers after it cannot be trusted either, so the
        // batch stops here and runSync starts over one command at a time.
        bodiesFailed.push(planned.uid);
        await ready.drain();
        await committer.drain();
        await failures.onBodyFailure(planned, 'SYNC_ERR_ANSWER_MISMATCH');
        throw new SyncFailure('SYNC_ERR_ANSWER_MISMATCH', `the answer to RETR ${request.msg} is not the message its TOP showed`);
      }
      // DESIGN.md invariant 1: the terminator ended it, so it is whole; LIST was a hint.
      const served = messageAsServed(bytes, planned.size);
      if (!served.sizeAgrees) sizeMismatches.push(planned.uid);
      await ready.push(prepare(planned, served.bytes, 'complete'), served.bytes.byteLength);
    }, {
      onNegative: async (request, error) => {
        answered++;
        checkCancelled(signal);
        if (request.type === 'TOP') {
          await ready.push(placeholder(headerByMsg.get(request.msg)!), 0);
          if (++topsReceived === plan.headers.length) await ready.drain();
          return;
        }
        const planned = bodyByMsg.get(request.msg)!;
        bodiesFailed.push(planned.uid);
        // After what came before it is stored, so its header record is there to mark.
        await ready.drain();
        await committer.drain();
        await failures.onBodyFailure(planned, error.code);
        progress.advance(1, 0);
      },
    });
  } catch (error) {
    // Whatever arrived whole before the failure goes to the committer (runSync then keeps or
    // discards it); the failure itself is what the caller hears about.
    await ready.drain().catch(() => undefined);
    const cut = requests[answered];
    const code = (error as { code?: unknown }).code;
    if (cut !== undefined && typeof code === 'string' && ENDED_DURING_MESSAGE.has(code)) {
      // A TOP the session broke on is marked too: headers come first, so a server that dies
      // on one message's TOP would otherwise hold every body back on every sync. Marked, the
      // message has a row (a placeholder), gets no TOP again, and its RETR comes last.
      const planned = cut.type === 'RETR' ? bodyByMsg.get(cut.msg)! : headerByMsg.get(cut.msg)!;
      await committer.drain().catch(() => undefined);
      await failures.onBodyFailure(planned, code).catch(() => undefined);
    }
    throw error;
  }
  await ready.drain();
  await committer.drain();
}

async function toCommit(accountId: string, planned: PlannedMessage, raw: Uint8Array, state: 'header' | 'complete', storedAt: number): Promise<MessageCommit> {
  // Every account's sync shares the Worker's thread: between messages, the others get a turn.
  await yieldTurnIfDue();
  // The fast path when it can (postal-mime dominated the Worker's time, headers and bodies alike).
  const meta = quickMetadata(raw, storedAt) ?? (await extractMetadata(raw, { fallbackDate: storedAt }));
  // A view into a larger buffer would be cloned whole by IndexedDB: copy only then (the POP3
  // decoder hands over an exact-size array, and exactMessage at most trims its end).
  const own = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? raw : raw.slice();
  // A whole message's size is its own; LIST's, when it said otherwise, is kept beside it.
  const sizes = state === 'complete' && own.byteLength !== planned.size ? { size: own.byteLength, listedSize: planned.size } : { size: state === 'complete' ? own.byteLength : planned.size };
  return { accountId, uid: planned.uid, ...meta, ...sizes, flags: { seen: false }, state, storedAt, deletedLocally: false, raw: own };
}
