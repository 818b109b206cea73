/**
 * Every error code the sync planner can produce. Same shape as the POP3 and tunnel tables,
 * so scripts/error-codes-doc.ts can render it into docs/ERROR-CODES.md.
 *
 * `remote`: the server's listing is malformed. `local`: our own caller passed a bad ledger or options.
 */
import type { ErrorCodeTable } from '../errors/index.ts';

export const SYNC_ERROR_CODES = {
  SYNC_ERR_DUPLICATE_MSG: { side: 'remote', summary: 'The server listed the same message number twice.' },
  SYNC_ERR_INVALID_MSG: { side: 'remote', summary: 'A message number in the listing is not a positive integer.' },
  SYNC_ERR_INVALID_SIZE: { side: 'remote', summary: 'A size in the listing is not a non-negative integer.' },
  SYNC_ERR_INVALID_UID: { side: 'remote', summary: 'A UIDL in the listing is empty or holds control characters, so it cannot key a message.' },
  SYNC_ERR_SIZE_MISMATCH: { side: 'remote', summary: "completeMessage: a download's size differs from LIST's by more than the CRLF a server adds. Only callers that need LIST-exact bytes (tests, tools) raise it; the app's sync stores what RETR delivered and records the disagreement on the message (listedSize, DESIGN.md invariant 1)." },
  SYNC_ERR_ANSWER_MISMATCH: { side: 'remote', summary: "A RETR answer's header block is not that of the message whose TOP this session read (Message-ID, Date, From and Subject differ): the server answered commands out of order or one twice. It is not stored under that UIDL; the message is marked, pipelining is distrusted for the account, and the sync starts over one command at a time." },
  SYNC_ERR_INVALID_LEDGER: { side: 'local', summary: 'A local ledger entry is malformed or filed under another UIDL.' },
  SYNC_ERR_INVALID_OPTIONS: { side: 'local', summary: 'A sync option or the account policy has an impossible value.' },
} as const satisfies ErrorCodeTable;

export type SyncErrorCode = keyof typeof SYNC_ERROR_CODES;

export function isSyncErrorCode(code: unknown): code is SyncErrorCode {
  return typeof code === 'string' && Object.hasOwn(SYNC_ERROR_CODES, code);
}
