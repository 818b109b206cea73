// The typed schema: idb checks store names, index names, keys and values against it.
//
// Raw bytes live in their own store, `message-bodies`, not in `messages`. A cursor over
// `messages` deserialises whole values; keeping bytes out lets the inbox page through
// 10,000 messages without cloning megabytes it will not show.
import type { DBSchema } from 'idb';
import type { AccountPolicy, FetchFailure } from '../../../../shared/sync/index.ts';

/** Passwords and tokens are deliberately absent: this layer never stores credentials (DESIGN.md invariant 6). */
export interface AccountRecord {
  id: string;
  displayName: string;
  /** The bridge's target name (its config says which host and port it means). */
  targetName: string;
  /**
   * Set when the target was end-to-end when the account was saved: the mail server's host name,
   * which the sync Worker's own TLS checks the certificate against. Kept here so a bridge
   * cannot later name another host, nor fall back to reading the mail (docs/E2E-TLS.md).
   */
  endToEndHost?: string;
  userName: string;
  authMethod: AuthMethod;
  policy: AccountPolicy;
}

export type AuthMethod = 'user-pass' | 'apop' | 'sasl-plain' | 'sasl-login' | 'sasl-oauthbearer' | 'sasl-xoauth2';

export interface MailAddress {
  name: string;
  address: string;
}

export interface AttachmentInfo {
  filename: string | null;
  mimeType: string;
  size: number;
  contentId: string | null;
}

/**
 * A message's metadata. A whole message's bytes are in MessageBodyRecord under the same key;
 * a header-only one's (TOP n output) are in `preview`.
 */
export interface MessageRecord {
  accountId: string;
  /** UIDL (RFC 1939 §7); with accountId it is the key. */
  uid: string;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  /** Epoch ms, from the Date header or else the time it was stored. Always a finite number: a
   * record whose index key is invalid is left out of the index and would vanish from the inbox. */
  date: number;
  /** A whole message's octets as stored; a header-only one's as LIST reported them. */
  size: number;
  /** LIST's size for a whole message whose RETR delivered another (LIST sizes are hints; DESIGN.md invariant 1). */
  listedSize?: number;
  snippet: string;
  attachments: AttachmentInfo[];
  flags: { seen: boolean };
  /** 'header': the bytes are TOP n output, in `preview`. 'complete': the whole message, in message-bodies. */
  state: 'header' | 'complete';
  /**
   * While state is 'header': the TOP n output (headers and the first lines), in the record
   * itself. A record of its own in message-bodies, overwritten by the whole message a moment
   * later on a good link, cost the listing stage more than all its other writes (interleaved
   * bench runs, docs/BENCHMARKS.md). Records written before this field keep their TOP output
   * in message-bodies; getMessageBody reads either.
   */
  preview?: RawMessage;
  /** Epoch ms of the commit. */
  storedAt: number;
  /** A tombstone: the user deleted it here; kept so sync does not fetch it again. */
  deletedLocally: boolean;
  /**
   * `date` while the message is in the inbox; absent on a tombstone, so the inbox indexes
   * leave tombstones out and count only what the list shows. Written by withInboxDate, never
   * by hand.
   */
  inboxDate?: number;
  /** Its whole fetch failed lately (a -ERR to RETR, the server closing mid-message): see shared/sync FetchFailure. */
  fetchFailure?: FetchFailure;
  /**
   * Set when the sync could not read this message's metadata fully (a SYNC_ERR_MESSAGE_* code
   * from web/src/lib/sync/sync-error-codes.ts): the fields above are what its raw header gives,
   * and its bytes are stored whole all the same (DESIGN.md invariants 8 and 9).
   */
  metadataIssue?: string;
  /** Message-ID without angle brackets (null: none). Absent on records stored before conversations. */
  messageId?: string | null;
  /** The ids it replies to, oldest first (References, then In-Reply-To). */
  references?: string[];
  /** Its conversation (web/src/lib/threads/): set in the transaction that stores it. */
  threadKey?: string;
  /**
   * What ties it to other messages (threads/thread-links.ts), each as `accountId NUL link`:
   * the multiEntry by-link index finds a new message's conversation from them. Every message
   * that shares one has the same threadKey.
   */
  threadLinks?: string[];
}

/** A conversation's row: its summary, rewritten in every transaction that changes its messages. */
export interface ThreadRecord {
  accountId: string;
  threadKey: string;
  /** Messages in it, tombstones left out. A thread with none has no record. */
  count: number;
  unread: number;
  /** The latest message's date: the list's order. */
  latestDate: number;
  /** The latest message's record, without its bytes (but a placeholder's empty preview): the row shows it. */
  latest: MessageRecord;
  /** Who wrote, in order of first message, at most a few. */
  participants: MailAddress[];
}


export type RawMessage = Uint8Array | Blob;

interface MessageBodyRecord {
  accountId: string;
  uid: string;
  raw: RawMessage;
}

export interface SyncStateRecord {
  accountId: string;
  /** Epoch ms of the last sync that finished, or null if none has. */
  lastSyncAt: number | null;
  /** A stable error code (POP3_ERR_*, TUNNEL_ERR_*, SYNC_ERR_*, STORAGE_ERR_*) or null. */
  lastErrorCode: string | null;
  /**
   * Epoch ms when a pipelined sync of this account ended with the server silent: its server
   * lists PIPELINING but drops pipelined commands. Later syncs send one command at a time
   * until PIPELINING_DISTRUST_MS have passed. Absent: pipeline as CAPA says.
   */
  pipeliningDistrustedAt?: number;
  /**
   * Set when the last sync that reached the listing found no UIDL command on the server: its
   * messages have no lasting ids, so delete policies do nothing there (the form says why).
   */
  serverHasNoUidl?: true;
}

/** One message the search index holds, under its compact FlexSearch id. */
export interface SearchIndexEntry {
  id: number;
  accountId: string;
  uid: string;
  /** MessageRecord.date: results are listed newest first without reading the records. */
  date: number;
  /** MessageRecord.storedAt of the copy indexed: a newer commit of the key is indexed again. */
  storedAt: number;
  state: 'header' | 'complete';
  /** Deleted here (a tombstone): never a result again; kept so it is not indexed again. */
  dropped?: true;
}

/**
 * The search index's own record (web/src/lib/search/index-store.ts): every message it holds
 * (the high-water mark of what was indexed: a key missing here, or stored again since, is
 * indexed on the next start), the ids whose FlexSearch entries are still to remove, and how
 * many chunks the export it was saved with has, written in one transaction with the chunks.
 */
export interface SearchIndexStateRecord {
  name: 'state';
  format: number;
  nextId: number;
  entries: SearchIndexEntry[];
  removals: number[];
  chunkCount: number;
}

/** One piece of FlexSearch's export; `name` sorts in export order. */
export interface SearchIndexChunkRecord {
  name: string;
  key: string;
  data: string;
}

type MessageKey = [accountId: string, uid: string];

export interface SatchelDB extends DBSchema {
  accounts: { key: string; value: AccountRecord };
  messages: {
    key: MessageKey;
    value: MessageRecord;
    indexes: { 'by-account-date': [string, number]; 'by-date': number; 'by-thread': [string, string, number]; 'by-link': string; 'by-inbox-date': number; 'by-account-inbox-date': [string, number] };
  };
  'message-bodies': { key: MessageKey; value: MessageBodyRecord };
  'sync-state': { key: string; value: SyncStateRecord };
  'search-index': { key: string; value: SearchIndexStateRecord | SearchIndexChunkRecord };
  threads: {
    key: [accountId: string, threadKey: string];
    value: ThreadRecord;
    indexes: { 'by-account-date': [string, number]; 'by-date': number };
  };
}
