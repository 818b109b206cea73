/**
 * One sync of one account: open → login → LIST + UIDL → plan → TOP headers (pipelined) →
 * RETR bodies newest first (pipelined) → DELE what the plan allows → QUIT.
 *
 * Safety, by invariant:
 * 1. Every body passes completeMessage against LIST before it is stored; a truncated or
 *    altered one is not stored (the sync fails with SYNC_ERR_SIZE_MISMATCH).
 * 2. DELE only for plan.deletions, which the planner draws from the ledger read before this
 *    sync: messages committed whole by an earlier sync, whose transactions completed then.
 *    A message committed in this sync is never deleted in this sync.
 * 3. Commits are keyed by (account, UIDL). A cut mid-sync leaves whole, committed messages and
 *    nothing partial (batches are transactions); the next sync plans from the ledger again.
 *    RFC 1939 §6: without QUIT there is no UPDATE state, so a cut deletes nothing.
 */
import { Pop3Session, type ByteChannel, type Pop3LoginMechanism } from '../../../../shared/pop3/index.ts';
import { completeMessage, planSync, type PlannedMessage, type ServerMessage, type SyncPlan } from '../../../../shared/sync/index.ts';
import { getSyncState, ledgerFor, putSyncState, type AccountRecord, type AuthMethod, type MessageCommit, type SatchelDatabase } from '../storage/index.ts';
import { BatchCommitter, type BatchLimits } from './batch-committer.ts';
import { countingChannel } from './counting-channel.ts';
import { extractMetadata } from './message-metadata.ts';
import { SyncFailure, toSyncFailure } from './sync-error-codes.ts';
import type { FromSyncWorker, SyncPhase, SyncProgress, SyncSettings, SyncSummary } from './sync-messages.ts';
import type { BridgeMessage } from '../../../../shared/tunnel/index.ts';

type TunnelReady = Extract<BridgeMessage, { type: 'ready' }>;

type WithoutRequestId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
/** What runSync reports while it runs: the worker adds the requestId and posts it. */
export type SyncUpdate = WithoutRequestId<Extract<FromSyncWorker, { type: 'progress' | 'stored' }>>;

export interface RunSyncOptions {
  openChannel: () => Promise<{ ready: Pick<TunnelReady, 'greeting'>; channel: ByteChannel }>;
  db: SatchelDatabase;
  account: AccountRecord;
  /** Used for login only; never stored, logged or put in an update. */
  password: string;
  settings: SyncSettings;
  now?: () => number;
  onUpdate: (update: SyncUpdate) => void;
  signal?: AbortSignal;
  /** Batching of strict commits; tests shrink it. */
  batch?: BatchLimits;
  /** RETR/TOP commands in flight at once. @default 32 */
  pipelineWindow?: number;
}

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
  let received = (): number => 0;
  const abort = (): void => channel?.close();
  signal?.addEventListener('abort', abort, { once: true });
  const progress = new ProgressReporter(account.id, onUpdate);
  const committer = new BatchCommitter(db, (batch) => {
    onUpdate({ type: 'stored', accountId: account.id, uids: batch.map((c) => c.uid), state: batch[0]!.state });
  }, options.batch);

  try {
    checkCancelled(signal);
    progress.phase('connecting', 0, 0);
    const opened = await options.openChannel();
    const counted = countingChannel(opened.channel);
    channel = counted.channel;
    received = counted.received;
    // The signal may have fired while the tunnel opened, before there was a channel to close.
    if (signal?.aborted) abort();
    const session = new Pop3Session(channel, {
      greeting: opened.ready.greeting === 'consumed' ? 'none' : 'expect',
      ...(options.pipelineWindow === undefined ? {} : { pipelineWindow: options.pipelineWindow }),
    });
    await session.open();
    await session.login({ user: account.userName, password: options.password, mechanism: MECHANISM[account.authMethod] });

    progress.phase('listing', 0, 0);
    const listing = joinListing(await session.list(), await session.uidl());
    const ledger = await ledgerFor(db, account.id);
    const plan = planSync(listing, ledger, account.policy, {
      now: startedAt,
      storagePersistent: settings.storagePersistent,
      headersFirst: true,
      previewLines: settings.previewLines,
      maxAutoDownloadSize: settings.maxAutoDownloadSize,
      byteBudget: settings.byteBudget,
      unmetered: settings.unmetered,
      forceBodies: settings.fetchUids,
    });

    const headersStored = await fetchHeaders(session, plan, committer, progress, account.id, now);
    const bodiesStored = await fetchBodies(session, plan, committer, progress, account.id, now);

    // Invariant 2: plan.deletions come from the ledger read before this sync began.
    progress.phase('deleting', plan.deletions.length, 0);
    let accepted = 0;
    for (const { msg } of plan.deletions) {
      checkCancelled(signal);
      await session.dele(msg);
      progress.advance(1, 0);
      accepted++;
    }
    progress.phase('closing', 0, 0);
    // RFC 1939 §6: the DELEs take effect only now, in the UPDATE state after QUIT.
    await session.quit();
    channel = null;

    const summary: SyncSummary = {
      accountId: account.id,
      onServer: listing.length,
      headersStored,
      bodiesStored,
      deletedOnServer: accepted,
      deferred: plan.deferred.length,
      keptOnServerBecause: plan.keptOnServerBecause,
      bytesReceived: received(),
      startedAt,
      finishedAt: now(),
    };
    await putSyncState(db, { accountId: account.id, lastSyncAt: summary.finishedAt, lastErrorCode: null });
    return summary;
  } catch (error) {
    const failure = toSyncFailure(error, signal?.aborted === true);
    channel?.close();
    // Whatever downloaded whole before the failure is still worth keeping: it passed
    // completeMessage, and committing it now saves refetching it (a cancel drops it instead).
    await (failure.code === 'SYNC_ERR_CANCELLED' ? committer.discard() : committer.drain()).catch(() => undefined);
    await recordFailure(db, account.id, failure.code);
    throw failure;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

async function fetchHeaders(session: Pop3Session, plan: SyncPlan, committer: BatchCommitter, progress: ProgressReporter, accountId: string, now: () => number): Promise<number> {
  const byMsg = new Map(plan.headers.map((m) => [m.msg, m]));
  progress.phase('headers', plan.headers.length, 0);
  await session.topMany(plan.headers.map((m) => m.msg), plan.previewLines, async (msg, bytes) => {
    const planned = byMsg.get(msg)!;
    await committer.add(await toCommit(accountId, planned, bytes, 'header', now()));
    // Headers have no byte total (LIST sizes are whole messages), so only counts move here.
    progress.advance(1, 0);
  });
  // Headers land before any body, so the inbox fills while bodies download.
  await committer.drain();
  return plan.headers.length;
}

async function fetchBodies(session: Pop3Session, plan: SyncPlan, committer: BatchCommitter, progress: ProgressReporter, accountId: string, now: () => number): Promise<number> {
  const byMsg = new Map(plan.bodies.map((m) => [m.msg, m]));
  progress.phase('bodies', plan.bodies.length, plan.bodies.reduce((sum, m) => sum + m.size, 0));
  await session.retrMany(plan.bodies.map((m) => m.msg), async (msg, bytes) => {
    const planned = byMsg.get(msg)!;
    // Invariant 1: throws SYNC_ERR_SIZE_MISMATCH; retrMany then stops and drains.
    const exact = completeMessage(bytes, planned.size);
    await committer.add(await toCommit(accountId, planned, exact, 'complete', now()));
    progress.advance(1, exact.byteLength);
  });
  await committer.drain();
  return plan.bodies.length;
}

async function toCommit(accountId: string, planned: PlannedMessage, raw: Uint8Array, state: 'header' | 'complete', storedAt: number): Promise<MessageCommit> {
  const meta = await extractMetadata(raw, { fallbackDate: storedAt });
  // A copy: `raw` may be a view into a larger receive buffer that IndexedDB would clone whole.
  return { accountId, uid: planned.uid, ...meta, size: planned.size, flags: { seen: false }, state, storedAt, deletedLocally: false, raw: raw.slice() };
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

async function recordFailure(db: SatchelDatabase, accountId: string, code: string): Promise<void> {
  try {
    const previous = await getSyncState(db, accountId);
    await putSyncState(db, { accountId, lastSyncAt: previous?.lastSyncAt ?? null, lastErrorCode: code });
  } catch {
    // The sync already failed with a better code than the storage one we would add here.
  }
}

class ProgressReporter {
  readonly #accountId: string;
  readonly #onUpdate: (update: SyncUpdate) => void;
  #progress: SyncProgress;

  constructor(accountId: string, onUpdate: (update: SyncUpdate) => void) {
    this.#accountId = accountId;
    this.#onUpdate = onUpdate;
    this.#progress = { accountId, phase: 'connecting', messagesDone: 0, messagesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  }

  phase(phase: SyncPhase, messagesTotal: number, bytesTotal: number): void {
    this.#progress = { accountId: this.#accountId, phase, messagesDone: 0, messagesTotal, bytesDone: 0, bytesTotal };
    this.#emit();
  }

  advance(messages: number, bytes: number): void {
    this.#progress = { ...this.#progress, messagesDone: this.#progress.messagesDone + messages, bytesDone: this.#progress.bytesDone + bytes };
    this.#emit();
  }

  #emit(): void {
    this.#onUpdate({ type: 'progress', progress: this.#progress });
  }
}
