// Wording for the layers that live in this app: the sync planner, IndexedDB, and /targets.
import type { SyncErrorCode } from '../../../../shared/sync/error-codes.ts';
import type { SyncRunErrorCode } from '../sync/sync-error-codes.ts';
import type { StorageErrorCode } from '../storage/error-codes.ts';
import type { TargetsErrorCode } from '../targets/error-codes.ts';

export const SYNC_WORDING = {
  SYNC_ERR_DUPLICATE_MSG: 'The mail server listed the same message twice, so Satchel stopped rather than risk losing mail. Nothing was deleted; if this keeps happening, contact your mail provider.',
  SYNC_ERR_INVALID_MSG: 'The mail server sent a garbled list of messages, so Satchel downloaded and deleted nothing. If this keeps happening, the server needs fixing; contact your mail provider.',
  SYNC_ERR_INVALID_SIZE: 'The mail server reported an impossible message size, so Satchel downloaded and deleted nothing. If this keeps happening, the server needs fixing; contact your mail provider.',
  SYNC_ERR_INVALID_UID: 'The mail server gave a message an invalid identifier, so Satchel cannot track it safely.',
  SYNC_ERR_SIZE_MISMATCH: 'A message arrived a different size from what the server announced. Satchel keeps it as it arrived; your other mail is not affected.',
  SYNC_ERR_ANSWER_MISMATCH: 'The mail server sent one message where Satchel asked for another, so Satchel did not store it. It now asks this server for one message at a time; the next sync fetches it again.',
  SYNC_ERR_INVALID_LEDGER: 'Satchel\'s record of what it has stored looks damaged. Your messages are still there; export a backup to be safe.',
  SYNC_ERR_INVALID_OPTIONS: 'A sync setting has an impossible value. Check the settings page.',
} as const satisfies Record<SyncErrorCode, string>;

export const STORAGE_WORDING = {
  STORAGE_ERR_INVALID_RECORD: 'Satchel could not store something because it was malformed. Nothing already stored was lost.',
  STORAGE_ERR_CREDENTIAL_FIELD: 'Satchel refused to write a password into the mail database. This is a bug; nothing was stored.',
  STORAGE_ERR_NOT_FOUND: 'That message is no longer stored in this browser.',
  STORAGE_ERR_QUOTA: 'This browser has run out of room for mail. Free some space or export and remove an account.',
  STORAGE_ERR_TRANSACTION: 'The browser could not save the last change. Nothing already stored was lost; try again.',
  STORAGE_ERR_OPEN: 'The browser would not open Satchel\'s mail storage. Private browsing or full storage can cause this.',
  STORAGE_ERR_VERSION: 'A newer Satchel has already upgraded this browser\'s storage. Reload the page to get the newest version.',
} as const satisfies Record<StorageErrorCode, string>;

export const TARGETS_WORDING = {
  TARGETS_ERR_NETWORK: 'Satchel’s server could not be reached. You may be offline; your stored mail is still here.',
  TARGETS_ERR_HTTP: 'Satchel’s server answered with an error. Try again later.',
  TARGETS_ERR_BAD_RESPONSE: 'Satchel’s server sent a list of mail servers Satchel cannot read.',
} as const satisfies Record<TargetsErrorCode, string>;

export const SYNC_RUN_WORDING = {
  SYNC_ERR_CANCELLED: 'The sync was stopped. Everything already downloaded is kept.',
  SYNC_ERR_ALREADY_RUNNING: 'This account is already syncing; wait for it to finish.',
  SYNC_ERR_WORKER: 'Satchel\'s background sync could not start. Reload the page; your stored mail is safe.',
  SYNC_ERR_INTERNAL: 'Satchel hit an unexpected problem while syncing. Your stored mail is safe; try again later.',
  SYNC_ERR_PIPELINING_STALLED: 'The mail server ignored requests Satchel sent together. Satchel now sends them one at a time to this server; the next sync does so by itself.',
  SYNC_ERR_MESSAGE_UNREADABLE: 'This message is built in a way Satchel could not read, so only its sender, subject and date are listed. It is stored whole; open or export it to see it.',
  SYNC_ERR_MESSAGE_BUDGET: 'This message took too long to read, so only its sender, subject and date are listed. It is stored whole; open or export it to see it.',
} as const satisfies Record<SyncRunErrorCode, string>;
