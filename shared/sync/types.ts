// The planner's inputs and output. Everything here is plain data, so the same plan can be
// computed in the sync worker, in Node tests and in the integration harness.

/** One line of the server's listing: LIST gives `msg` and `size`, UIDL gives `uid` (RFC 1939 §7). */
export interface ServerMessage {
  /** Message number, valid for this session only (RFC 1939 §5). */
  readonly msg: number;
  /** Unique-id listing: stable across sessions; with the account id it is our key. */
  readonly uid: string;
  /** Octets, as LIST reported them. */
  readonly size: number;
}

/** What the local store knows about one UIDL of one account. */
export interface LedgerEntry {
  readonly uid: string;
  /** 'header': only TOP n is stored. 'complete': the whole message is committed (strict durability). */
  readonly state: 'header' | 'complete';
  /** Octets, as LIST reported them when the message was stored. */
  readonly size: number;
  /** Epoch ms of the commit. */
  readonly storedAt: number;
  /** The user deleted it in Satchel (a tombstone: the record stays so it is not fetched again). */
  readonly deletedLocally: boolean;
  /** Its whole message could not be fetched lately: the planner backs off (FetchFailure). */
  readonly fetchFailure?: FetchFailure;
}

/**
 * Why a message's RETR failed, recorded on the message (DESIGN.md invariant 9): a -ERR to it, or
 * the server closing the connection while it came. The sync goes on with the others; later
 * syncs fetch it after every other message, and not before retryAfter(attempts) has passed.
 */
export interface FetchFailure {
  /** The stable code: POP3_ERR_SYS_TEMP, POP3_ERR_NEGATIVE, POP3_ERR_EOF, … */
  readonly code: string;
  /** Failed fetches in a row. */
  readonly attempts: number;
  /** Epoch ms of the last failure. */
  readonly lastAt: number;
}

/** Keyed by UIDL; one account's ledger. */
export type Ledger = ReadonlyMap<string, LedgerEntry>;

export type AccountPolicy =
  | { readonly kind: 'leave' }
  | { readonly kind: 'delete-after-days'; readonly days: number }
  | { readonly kind: 'delete-when-deleted-here' };

export interface PlanOptions {
  /** Epoch ms; the planner never reads a clock itself. */
  readonly now: number;
  /** navigator.storage.persisted(); without it nothing is deleted on the server (DESIGN.md invariant 2). */
  readonly storagePersistent: boolean;
  /** Fetch TOP n for every unknown message before any body, so the inbox appears early. */
  readonly headersFirst: boolean;
  /**
   * With headersFirst, only messages larger than this get TOP first; smaller ones come whole
   * at once. Default 0 (every message). Without PIPELINING a TOP costs a round trip of its
   * own, as much as a small message's RETR, which brings the headers too.
   */
  readonly headersFirstAbove?: number;
  /** n in `TOP msg n`: body lines kept as a preview. */
  readonly previewLines: number;
  /** Bodies larger than this wait for a tap; null means no limit. Applies on every link. */
  readonly maxAutoDownloadSize: number | null;
  /** Octets of bodies this sync may fetch; null means no limit. Ignored when unmetered. */
  readonly byteBudget: number | null;
  /** The link is not metered (Wi-Fi, cable): the byte budget does not apply. */
  readonly unmetered: boolean;
  /**
   * UIDLs the user tapped to download: fetched whole whatever their size or the budget
   * (their octets still count against the budget for the others). Omitted means none.
   */
  readonly forceBodies?: readonly string[];
}

export interface PlannedMessage {
  readonly msg: number;
  readonly uid: string;
  readonly size: number;
}

export interface DeferredMessage extends PlannedMessage {
  /** 'retry-later': its last fetch failed, and its backoff (FetchFailure) has not run out. */
  readonly reason: 'too-large' | 'over-budget' | 'retry-later';
}

export interface PlannedDeletion {
  readonly msg: number;
  readonly uid: string;
}

export interface SyncPlan {
  /** `TOP msg previewLines`, newest first, for messages not known locally. */
  readonly headers: readonly PlannedMessage[];
  /** The n for TOP, echoed so the plan alone drives the session. */
  readonly previewLines: number;
  /** RETR, newest first (highest msg first); messages whose last fetch failed come last. */
  readonly bodies: readonly PlannedMessage[];
  /** Bodies not fetched now, newest first, with the reason. */
  readonly deferred: readonly DeferredMessage[];
  /** DELE; only UIDLs committed whole with strict durability, only on persistent storage. */
  readonly deletions: readonly PlannedDeletion[];
  /** Set when the policy would delete but the store is not persistent, so the UI can say why. */
  readonly keptOnServerBecause: 'storage-not-persistent' | null;
  /** UIDLs that appear more than once in the listing: skipped entirely, never stored twice. */
  readonly duplicates: readonly string[];
}
