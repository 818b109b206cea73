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
import { Pop3NegativeResponseError, Pop3Session, type ByteChannel, type Pop3LoginMechanism } from '../../../../../shared/pop3/index.ts';
import { planSync, type PlannedMessage, type ServerMessage } from '../../../../../shared/sync/index.ts';
import { getSyncState, ledgerFor, putSyncState, recordFetchFailure, type AccountRecord, type AuthMethod, type SatchelDatabase } from '../../storage/index.ts';
import { BatchCommitter, type BatchLimits } from './batch-committer.ts';
import { countingChannel } from './counting-channel.ts';
import { toSyncFailure } from '../sync-error-codes.ts';
import type { SyncSettings, SyncSummary } from '../sync-messages.ts';
import type { BridgeMessage } from '../../../../../shared/tunnel/index.ts';
import { LISTING_PREVIEW_LINES_MAX } from '../listing-preview.ts';
import { keyKeylessMessages, keylessMessages } from './keyless-messages.ts';
import { pipeliningProbe } from './pipelining-probe.ts';
import { checkCancelled } from './check-cancelled.ts';
import { fetchMessages, type Tally } from './fetch-messages.ts';
import { onlyFetchUids } from './only-fetch-uids.ts';
import { ProgressReporter, type SyncUpdate } from './progress-reporter.ts';

export type { SyncUpdate };

type TunnelReady = Extract<BridgeMessage, { type: 'ready' }>;

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

const MECHANISM: Record<AuthMethod, Pop3LoginMechanism> = {
  'user-pass': 'USER',
  apop: 'APOP',
  'sasl-plain': 'PLAIN',
  'sasl-login': 'LOGIN',
  'sasl-oauthbearer': 'OAUTHBEARER',
  'sasl-xoauth2': 'XOAUTH2',
};

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
  const committer = new BatchCommitter(db, (batch, { threadKeys }) => {
    // A batch may hold the last headers and the first bodies: report each state on its own.
    for (const state of ['header', 'complete'] as const) {
      const stored = batch.filter((c) => c.state === state);
      if (stored.length === 0) continue;
      const newestDate = stored.reduce((newest, c) => Math.max(newest, c.date), Number.NEGATIVE_INFINITY);
      onUpdate({ type: 'stored', accountId: account.id, uids: stored.map((c) => c.uid), state, newestDate, threadKeys });
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
    const fullPlan = planSync(listing, ledger, account.policy, planOptions);
    const plan = settings.onlyFetchUids === true ? onlyFetchUids(fullPlan, settings.fetchUids) : fullPlan;

    await fetchMessages(live, plan, committer, progress, account.id, now, signal, { canTop, onBodyFailure }, tally);

    // Messages without a usable UIDL: keyed by a digest of their headers, never deleted.
    const keyless = keylessMessages(list, uidl, plan.duplicates);
    if (keyless.length > 0 && settings.onlyFetchUids !== true) {
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
      ...(settings.onlyFetchUids === true ? { onlyFetchedUids: true as const } : {}),
    };
    await putSyncState(db, {
      accountId: account.id,
      // Fetching tapped bodies alone is not a sync of the mailbox: its new mail is still unlisted.
      lastSyncAt: settings.onlyFetchUids === true ? (before?.lastSyncAt ?? null) : summary.finishedAt,
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

/** LIST gives sizes, UIDL gives keys; a message missing from either cannot be synced safely. */
function joinListing(list: Array<{ msg: number; size: number }>, uidl: Array<{ msg: number; uid: string }>): ServerMessage[] {
  const sizes = new Map(list.map((e) => [e.msg, e.size]));
  return uidl.flatMap(({ msg, uid }) => {
    const size = sizes.get(msg);
    return size === undefined ? [] : [{ msg, uid, size }];
  });
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
