/**
 * One sync of one account: open → login → LIST + UIDL → plan → TOP headers (pipelined) →
 * RETR bodies newest first (pipelined) → DELE what the plan allows → QUIT.
 *
 * Safety, by invariant:
 * 1. A body is stored only once its terminator came (the POP3 decoder yields nothing before),
 *    exactly as RETR delivered it. LIST sizes are hints: a disagreement is recorded on the
 *    message (listedSize) and in the summary, never a reason to refuse it; a refusal would be
 *    repeated on every sync and the message never stored.
 * 2. DELE only for plan.deletions, which the planner draws from the ledger read before this
 *    sync: messages committed whole by an earlier sync, whose transactions completed then.
 *    A message committed in this sync is never deleted in this sync.
 * 3. Commits are keyed by (account, UIDL). A cut mid-sync leaves whole, committed messages and
 *    nothing partial (batches are transactions); the next sync plans from the ledger again.
 *    RFC 1939 §6: without QUIT there is no UPDATE state, so a cut deletes nothing.
 *
 * A server that lists PIPELINING and cannot keep its answers in step with the commands (it
 * drops them: pipelining-probe.ts) gets a second session in the same sync, one command at a
 * time, after what came whole is committed; the account stays so for PIPELINING_DISTRUST_MS.
 */
import { Pop3NegativeResponseError, Pop3Session, type ByteChannel, type FetchRequest, type Pop3LoginMechanism } from '../../../../../shared/pop3/index.ts';
import { messageAsServed, messageFingerprint, planSync, sameMessage, type MessageFingerprint, type PlannedMessage, type ServerMessage, type SyncPlan } from '../../../../../shared/sync/index.ts';
import { getSyncState, ledgerFor, placeholderRecord, putSyncState, recordFetchFailure, type AccountRecord, type AuthMethod, type MessageCommit, type SatchelDatabase } from '../../storage/index.ts';
import { BatchCommitter, type BatchLimits } from './batch-committer.ts';
import { countingChannel } from './counting-channel.ts';
import { quickMetadata } from '../../message/quick-metadata.ts';
import { extractMetadata } from '../../message/message-metadata.ts';
import { OrderedWork } from './ordered-work.ts';
import { SyncFailure, toSyncFailure } from '../sync-error-codes.ts';
import type { FromSyncWorker, SyncPhase, SyncProgress, SyncSettings, SyncSummary } from '../sync-messages.ts';
import type { BridgeMessage } from '../../../../../shared/tunnel/index.ts';
import { LISTING_PREVIEW_LINES_MAX } from '../listing-preview.ts';
import { keyKeylessMessages, keylessMessages } from './keyless-messages.ts';
import { yieldTurnIfDue } from '../../platform/worker-turns.ts';
import { pipeliningProbe } from './pipelining-probe.ts';

type TunnelReady = Extract<BridgeMessage, { type: 'ready' }>;

type WithoutRequestId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
/** What runSync reports while it runs: the worker adds the requestId and posts it. */
export type SyncUpdate = WithoutRequestId<Extract<FromSyncWorker, { type: 'progress' | 'stored' }>>;

export interface RunSyncOptions {
  /** `serverSilentForMs`: see ResumableTunnel; without it no pipelining probe is sent. */
  openChannel: () => Promise<{ ready: Pick<TunnelReady, 'greeting'>; channel: ByteChannel; serverSilentForMs?: () => number }>;
  db: SatchelDatabase;
  account: AccountRecord;
  /** Used for login only; never stored, logged or put in an update. */
  password: string;
  settings: SyncSettings;
  now?: () => number;
  onUpdate: (update: SyncUpdate) => void;
  signal?: AbortSignal;
  /** Batching of strict commits; tests shrink it. @default up to 512 messages, 8 MiB, 500 ms */
  batch?: BatchLimits;
  /** RETR/TOP commands in flight at once. @default Pop3Session's (2,048) */
  pipelineWindow?: number;
  /** Bytes of RETR/TOP answers expected in flight at once. @default Pop3Session's (4 MiB) */
  pipelineBytes?: number;
  /**
   * How long the server may stay silent on a live link while a pipelined answer is due,
   * before it is probed for dropping pipelined commands (pipelining-probe.ts). Long enough
   * that an honest server slow on one message is rarely suspected (a wrong guess costs a
   * reconnect and a week of one command at a time, never mail). @default 10 000
   */
  pipelineSilenceMs?: number;
}

/** Codes that say this session's pipelined answers cannot be trusted: start over one command at a time. */
const PIPELINING_FAULTS = new Set(['SYNC_ERR_PIPELINING_STALLED', 'SYNC_ERR_ANSWER_MISMATCH']);
const DEFAULT_PIPELINE_SILENCE_MS = 10_000;

/**
 * Messages per strict transaction. Large, because a transaction costs a disk flush and the
 * download waits while the previous one finishes: 2,000 headers in 4 transactions rather
 * than 32. The byte and time bounds of BatchCommitter still apply.
 */
const BATCH_MESSAGES = 512;
/** Headers committed at once before the rest, so the first screen of the inbox appears early. */
const FIRST_SCREEN = 50;
/**
 * Messages whose metadata is parsed at once (OrderedWork). At 100 ms RTT + 8 Mbit/s with
 * 2,000 messages, parsing one at a time kept every header listed only after 2.3 s, ~1 s of it
 * waiting on postal-mime.
 */
const PARSE_AHEAD = { maxCount: 64, maxBytes: 8 * 1024 * 1024 };

const MECHANISM: Record<AuthMethod, Pop3LoginMechanism> = {
  'user-pass': 'USER',
  apop: 'APOP',
  'sasl-plain': 'PLAIN',
  'sasl-login': 'LOGIN',
  'sasl-oauthbearer': 'OAUTHBEARER',
  'sasl-xoauth2': 'XOAUTH2',
};

/** What the attempts of one sync stored between them (a restart without pipelining adds to it). */
interface Tally {
  headersStored: number;
  bodiesStored: number;
  sizeMismatches: string[];
  bodiesFailed: string[];
}

/** Resolves with the summary, or rejects with a SyncFailure carrying a stable code. */
export async function runSync(options: RunSyncOptions): Promise<SyncSummary> {
  const { db, account, settings, onUpdate, signal } = options;
  const now = options.now ?? Date.now;
  const startedAt = now();
  let channel: ByteChannel | null = null;
  let receivedEarlier = 0;
  let received = (): number => 0;
  /** Set while this account's server is not trusted to pipeline (SyncStateRecord.pipeliningDistrustedAt). */
  let pipeliningDistrustedAt: number | undefined;
  /** Whether the session pipelines: known once CAPA after login was read. */
  let pipelined = (): boolean => false;
  /** The ledger the first attempt planned from: only what it held whole may be deleted (DESIGN.md invariant 2). */
  let syncLedger: Awaited<ReturnType<typeof ledgerFor>> | null = null;
  /** The last session's UIDL was refused (SyncStateRecord.serverHasNoUidl). */
  let serverHasNoUidl = false;
  const tally: Tally = { headersStored: 0, bodiesStored: 0, sizeMismatches: [], bodiesFailed: [] };
  /** Closes the session's channel, if one is open: on cancel, on failure, before a restart. */
  const abort = (): void => channel?.close();
  signal?.addEventListener('abort', abort, { once: true });
  const progress = new ProgressReporter(account.id, onUpdate, now);
  const committer = new BatchCommitter(db, (batch) => {
    // A batch may hold the last headers and the first bodies: report each state on its own.
    for (const state of ['header', 'complete'] as const) {
      const stored = batch.filter((c) => c.state === state);
      if (stored.length === 0) continue;
      const newestDate = stored.reduce((newest, c) => Math.max(newest, c.date), Number.NEGATIVE_INFINITY);
      onUpdate({ type: 'stored', accountId: account.id, uids: stored.map((c) => c.uid), state, newestDate });
    }
  }, { maxMessages: BATCH_MESSAGES, ...options.batch });
  const onBodyFailure = (planned: PlannedMessage, code: string): Promise<void> => recordFetchFailure(db, account.id, planned.uid, planned.size, code, now());

  /** One session, from connecting to QUIT. */
  const attempt = async (pipelining: boolean): Promise<Omit<SyncSummary, 'headersStored' | 'bodiesStored' | 'sizeMismatches' | 'bodiesFailed' | 'bytesReceived' | 'startedAt' | 'finishedAt'> & { deletedOnServer: number }> => {
    progress.phase('connecting', 0, 0);
    const opened = await options.openChannel();
    const counted = countingChannel(opened.channel);
    receivedEarlier += received();
    received = counted.received;
    let session: Pop3Session | null = null;
    const serverSilentForMs = opened.serverSilentForMs;
    channel = !pipelining || serverSilentForMs === undefined ? counted.channel : pipeliningProbe(counted.channel, {
      silenceMs: options.pipelineSilenceMs ?? DEFAULT_PIPELINE_SILENCE_MS,
      awaitingPipelinedAnswer: () => session?.awaitingPipelinedAnswer ?? false,
      serverSilentForMs,
    });
    // The signal may have fired while the tunnel opened, before there was a channel to close.
    if (signal?.aborted) abort();
    session = new Pop3Session(channel, {
      greeting: opened.ready.greeting === 'consumed' ? 'none' : 'expect',
      pipelining,
      ...(options.pipelineWindow === undefined ? {} : { pipelineWindow: options.pipelineWindow }),
      ...(options.pipelineBytes === undefined ? {} : { pipelineBytes: options.pipelineBytes }),
    });
    const live = session;
    // CAPA before login costs a round trip (600 ms on a satellite link), but only it can say
    // UTF8 (RFC 6856), which must be sent before login: without it Courier serves a substitute
    // for every message with raw UTF-8 headers. Login asks CAPA again (RFC 2449 §5), which is
    // where PIPELINING is read.
    await live.open();
    await live.login({ user: account.userName, password: options.password, mechanism: MECHANISM[account.authMethod] });
    pipelined = () => live.pipelining;

    progress.phase('listing', 0, 0);
    const { list, uidl } = await live.listing(); // one round trip when the server pipelines
    const listing = uidl === null ? [] : joinListing(list, uidl);
    serverHasNoUidl = uidl === null;
    const ledger = await ledgerFor(db, account.id);
    syncLedger ??= ledger;
    // RFC 2449 §6.4: a server whose CAPA leaves out TOP has none; headers then come with the
    // bodies. Without CAPA at all, TOP is tried, and a -ERR to it is that message's alone.
    const canTop = live.capabilities?.top !== false;
    const planOptions = {
      // A restart's plan is made after the first attempt's failures were recorded: they are due again.
      now: Math.max(startedAt, now()),
      storagePersistent: settings.storagePersistent,
      headersFirst: canTop,
      headersFirstAbove: live.pipelining ? 0 : WHOLE_AT_ONCE_BELOW,
      previewLines: Math.min(settings.previewLines, LISTING_PREVIEW_LINES_MAX),
      maxAutoDownloadSize: settings.maxAutoDownloadSize,
      byteBudget: settings.byteBudget,
      unmetered: settings.unmetered,
      forceBodies: settings.fetchUids,
    };
    const plan = planSync(listing, ledger, account.policy, planOptions);

    await fetchMessages(live, plan, committer, progress, account.id, now, signal, { canTop, onBodyFailure }, tally);

    // Messages without a usable UIDL: keyed by a digest of their headers, never deleted.
    const keyless = keylessMessages(list, uidl, plan.duplicates);
    if (keyless.length > 0) {
      checkCancelled(signal);
      const digestKeyed = await keyKeylessMessages(live, keyless, canTop);
      const keylessPlan = planSync(digestKeyed, ledger, { kind: 'leave' }, planOptions);
      await fetchMessages(live, keylessPlan, committer, progress, account.id, now, signal, { canTop, onBodyFailure }, tally);
    }

    // DESIGN.md invariant 2: deletions come from the ledger read before this sync began (a restart
    // plans again, but deletes only what the first attempt found whole).
    const first = syncLedger;
    const deletions = plan.deletions.filter((d) => first.get(d.uid)?.state === 'complete');
    progress.phase('deleting', deletions.length, 0);
    let accepted = 0;
    for (const { msg } of deletions) {
      checkCancelled(signal);
      // A -ERR to one DELE is that message's (locked, already gone): it stays on the server,
      // where the next sync's plan finds it again, and the others go on (DESIGN.md invariant 9).
      // Throwing here skipped QUIT, so no deletion took, and the same -ERR came every sync.
      const deleted = await live.dele(msg).then(() => true, (error: unknown) => {
        if (error instanceof Pop3NegativeResponseError) return false;
        throw error;
      });
      progress.advance(1, 0);
      if (deleted) accepted++;
    }
    progress.phase('closing', 0, 0);
    // RFC 1939 §6: the DELEs take effect only now, in the UPDATE state after QUIT. A -ERR
    // there ("some deleted messages not removed") says the UPDATE failed, not the sync: every
    // message is already stored. Which deletions took is unknown, so none is claimed; the next
    // listing shows what is left, and the plan deletes it again (DESIGN.md invariant 3).
    const updated = await live.quit().then(() => true, (error: unknown) => {
      if (error instanceof Pop3NegativeResponseError) return false;
      throw error;
    });
    channel = null;
    return {
      accountId: account.id,
      onServer: listing.length,
      deletedOnServer: updated ? accepted : 0,
      deferred: plan.deferred.length,
      keyless: keyless.length,
      keptOnServerBecause: plan.keptOnServerBecause ?? (uidl === null && account.policy.kind !== 'leave' ? 'server-has-no-uidl' : null),
    };
  };

  try {
    checkCancelled(signal);
    const before = await getSyncState(db, account.id);
    pipeliningDistrustedAt = before?.pipeliningDistrustedAt !== undefined && startedAt - before.pipeliningDistrustedAt < PIPELINING_DISTRUST_MS ? before.pipeliningDistrustedAt : undefined;
    let outcome;
    try {
      outcome = await attempt(pipeliningDistrustedAt === undefined);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code !== 'string' || !PIPELINING_FAULTS.has(code) || !pipelined() || signal?.aborted) throw error;
      // The session's answers can no longer be matched to its commands: keep what came whole,
      // and start over on a new connection, one command at a time (the plan skips what is
      // stored). The account goes on that way for PIPELINING_DISTRUST_MS.
      abort();
      channel = null;
      await committer.drain();
      pipeliningDistrustedAt = now();
      pipelined = () => false;
      outcome = await attempt(false);
    }

    const summary: SyncSummary = {
      ...outcome,
      ...tally,
      bytesReceived: receivedEarlier + received(),
      startedAt,
      finishedAt: now(),
    };
    await putSyncState(db, {
      accountId: account.id,
      lastSyncAt: summary.finishedAt,
      lastErrorCode: null,
      ...(pipeliningDistrustedAt === undefined ? {} : { pipeliningDistrustedAt }),
      ...(serverHasNoUidl ? { serverHasNoUidl: true as const } : {}),
    });
    return summary;
  } catch (error) {
    const failure = toSyncFailure(error, signal?.aborted === true);
    abort();
    // Whatever downloaded whole before the failure is still worth keeping: it passed
    // exactMessage, and committing it now saves refetching it (a cancel drops it instead).
    await (failure.code === 'SYNC_ERR_CANCELLED' ? committer.discard() : committer.drain()).catch(() => undefined);
    // A server that lists PIPELINING and then stays silent may be dropping pipelined commands
    // (a session that pipelined nothing is not suspect): the next syncs go one at a time.
    const distrust = failure.code === 'TUNNEL_ERR_UPSTREAM_SILENT' && pipelined() ? now() : pipeliningDistrustedAt;
    await recordFailure(db, account.id, failure.code, distrust);
    throw failure;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/**
 * Headers (TOP) and then bodies (RETR, newest first) in one pipeline, so the link never idles
 * for a round trip between the phases. The last header's batch is committed as soon as it
 * arrives, ahead of any body (batches commit in order), so the whole inbox is listed while
 * the bodies download; the first screen of headers is committed even earlier.
 */
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
 * How long a server that went silent on pipelined commands gets one command at a time before
 * pipelining is tried again (it may have been fixed, or the silence had another cause).
 */
const PIPELINING_DISTRUST_MS = 7 * 24 * 60 * 60_000;

/**
 * Without PIPELINING, each TOP is a round trip of its own, and so is each RETR: for a message
 * this small (about 33 ms at 8 Mbit/s, less than one round trip on the links Satchel is for)
 * fetching it whole at once shows it as soon as a TOP would, for half the round trips.
 */
const WHOLE_AT_ONCE_BELOW = 32 * 1024;

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

async function fetchMessages(session: Pop3Session, plan: SyncPlan, committer: BatchCommitter, progress: ProgressReporter, accountId: string, now: () => number, signal: AbortSignal | undefined, failures: FailureHandling, tally: Tally): Promise<void> {
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

/** LIST gives sizes, UIDL gives keys; a message missing from either cannot be synced safely. */
function joinListing(list: Array<{ msg: number; size: number }>, uidl: Array<{ msg: number; uid: string }>): ServerMessage[] {
  const sizes = new Map(list.map((e) => [e.msg, e.size]));
  return uidl.flatMap(({ msg, uid }) => {
    const size = sizes.get(msg);
    return size === undefined ? [] : [{ msg, uid, size }];
  });
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SyncFailure('SYNC_ERR_CANCELLED', 'the sync was cancelled');
}

async function recordFailure(db: SatchelDatabase, accountId: string, code: string, pipeliningDistrustedAt: number | undefined): Promise<void> {
  try {
    const previous = await getSyncState(db, accountId);
    await putSyncState(db, {
      accountId,
      lastSyncAt: previous?.lastSyncAt ?? null,
      lastErrorCode: code,
      ...(pipeliningDistrustedAt === undefined ? {} : { pipeliningDistrustedAt }),
      ...(previous?.serverHasNoUidl === true ? { serverHasNoUidl: true as const } : {}),
    });
  } catch {
    // The sync already failed with a better code than the storage one we would add here.
  }
}

/**
 * At most one progress update per PROGRESS_INTERVAL_MS while messages stream in (plus every
 * phase change and the last message of a phase): the worker posts each one to the page, and
 * 4,000 posts for a 2,000-message sync would only cost the UI thread re-renders.
 */
const PROGRESS_INTERVAL_MS = 100;

class ProgressReporter {
  readonly #accountId: string;
  readonly #onUpdate: (update: SyncUpdate) => void;
  readonly #now: () => number;
  #progress: SyncProgress;
  #lastEmit = Number.NEGATIVE_INFINITY;

  constructor(accountId: string, onUpdate: (update: SyncUpdate) => void, now: () => number) {
    this.#accountId = accountId;
    this.#onUpdate = onUpdate;
    this.#now = now;
    this.#progress = { accountId, phase: 'connecting', messagesDone: 0, messagesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  }

  phase(phase: SyncPhase, messagesTotal: number, bytesTotal: number): void {
    this.#progress = { accountId: this.#accountId, phase, messagesDone: 0, messagesTotal, bytesDone: 0, bytesTotal };
    this.#emit();
  }

  advance(messages: number, bytes: number): void {
    this.#progress = { ...this.#progress, messagesDone: this.#progress.messagesDone + messages, bytesDone: this.#progress.bytesDone + bytes };
    if (this.#progress.messagesDone >= this.#progress.messagesTotal || this.#now() - this.#lastEmit >= PROGRESS_INTERVAL_MS) this.#emit();
  }

  #emit(): void {
    this.#lastEmit = this.#now();
    this.#onUpdate({ type: 'progress', progress: this.#progress });
  }
}
