// The messages between the UI and the sync Worker: a union tagged by `type` (STYLE.md, after
// svelte.dev's repl workers). Errors travel as data with a stable code, never as thrown strings.
import type { SearchQuery } from '../search/query-parser.ts';
import type { AccountRecord, MessageRecord } from '../storage/index.ts';

/** What the user set for syncing; the UI reads the browser (persisted(), connection) to fill it. */
export interface SyncSettings {
  /** Octets of bodies one sync may fetch; null = no limit. Ignored when `unmetered`. */
  byteBudget: number | null;
  /** Bodies larger than this wait for a tap (or an unmetered link); null = no limit. */
  maxAutoDownloadSize: number | null;
  /** The link is not metered, as far as the browser can tell. */
  unmetered: boolean;
  /** navigator.storage.persisted(): without it nothing is deleted on the server (DESIGN.md invariant 2). */
  storagePersistent: boolean;
  /** Body lines fetched with TOP as the preview shown before the body arrives. */
  previewLines: number;
  /** UIDLs whose bodies the user asked for explicitly, whatever their size or the budget. */
  fetchUids: string[];
  /**
   * Fetch the bodies of `fetchUids` and nothing else: no headers of new mail, no other body,
   * no deletion. A tap on one message in a large mailbox costs that message. Omitted: false.
   */
  onlyFetchUids?: boolean;
}

export type SyncPhase = 'connecting' | 'listing' | 'headers' | 'bodies' | 'deleting' | 'closing';

export interface SyncProgress {
  accountId: string;
  phase: SyncPhase;
  messagesDone: number;
  messagesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface SyncSummary {
  accountId: string;
  /** Messages the server lists. */
  onServer: number;
  /** New messages whose headers and preview were stored. */
  headersStored: number;
  /** Whole messages stored. */
  bodiesStored: number;
  /** DELE commands the server accepted, and applied at QUIT. */
  deletedOnServer: number;
  /** Bodies left for later: too large, or over this sync's budget. */
  deferred: number;
  /** UIDLs whose RETR delivered another size than LIST gave: stored as delivered, listedSize kept (DESIGN.md invariant 1). */
  sizeMismatches: string[];
  /** UIDLs whose RETR got -ERR: recorded on each message (fetchFailure), retried later with backoff (DESIGN.md invariant 9). */
  bodiesFailed: string[];
  /** Messages the server gave no usable UIDL (none at all, or one shared by two): keyed by a digest of their headers, never deleted on the server. */
  keyless: number;
  /** Why nothing was deleted on the server although the policy asks for it. */
  keptOnServerBecause: 'storage-not-persistent' | 'server-has-no-uidl' | null;
  /** Octets of POP3 responses received (before tunnel compression). */
  bytesReceived: number;
  startedAt: number;
  finishedAt: number;
  /** Set when the sync fetched tapped bodies only (SyncSettings.onlyFetchUids): the mailbox was not synced. */
  onlyFetchedUids?: true;
}

/** UI → worker. The password travels only in this message (DESIGN.md invariant 6) and is never stored by the worker. */
export type ToSyncWorker =
  | { type: 'sync'; requestId: string; account: AccountRecord; credentials: { password: string }; settings: SyncSettings }
  | { type: 'cancel'; requestId: string }
  /** A search over the index this Worker keeps (web/src/lib/search), parsed on the page already. */
  | { type: 'search'; requestId: string; query: SearchQuery; limit: number }
  /** A message deleted here came back (Undo): the Worker's search index takes it in again. */
  | { type: 'restored'; requestId: string; accountId: string; uid: string };

/** One committed batch of one state, as the UI hears of it. */
export type StoredMessages = Omit<Extract<FromSyncWorker, { type: 'stored' }>, 'type' | 'requestId'>;

/** Worker → UI. */
export type FromSyncWorker =
  | { type: 'progress'; requestId: string; progress: SyncProgress }
  /** newestDate: the latest `date` among them, and threadKeys: the conversations whose rows the batch rewrote, so the list can tell whether they reach the rows it shows. */
  | { type: 'stored'; requestId: string; accountId: string; uids: string[]; state: 'header' | 'complete'; newestDate: number; threadKeys: string[] }
  | { type: 'finished'; requestId: string; summary: SyncSummary }
  | { type: 'failed'; requestId: string; accountId: string; code: string; message: string }
  /**
   * The hits' records, newest first, as each was checked (without header-only bytes); complete:
   * false when more were left; indexing: stored messages not indexed yet (a first start), so more may match.
   */
  | { type: 'search-results'; requestId: string; records: MessageRecord[]; complete: boolean; indexing: number }
  | { type: 'search-failed'; requestId: string; code: string; message: string };
