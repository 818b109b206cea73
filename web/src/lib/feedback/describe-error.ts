// The one place the UI turns an error code into words. DESIGN.md "Errors": wording comes from
// the stable code, never from an error's message text, which may carry a server's words (or,
// from a hostile server, text crafted to mislead).
import { SYNC_RUN_WORDING, SYNC_WORDING, STORAGE_WORDING, TARGETS_WORDING } from './local-wording.ts';
import { POP3_WORDING } from './pop3-wording.ts';
import { READER_ERROR_WORDING } from '../reader/error-codes.ts';
import { SEARCH_ERROR_WORDING } from '../search/error-codes.ts';
import { TLS_WORDING } from './tls-wording.ts';
import { TUNNEL_WORDING } from './tunnel-wording.ts';

const WORDING: Readonly<Record<string, string>> = {
  ...POP3_WORDING,
  ...TUNNEL_WORDING,
  ...TLS_WORDING,
  ...SYNC_WORDING,
  ...SYNC_RUN_WORDING,
  ...STORAGE_WORDING,
  ...TARGETS_WORDING,
  // The reader and search word their own codes; included so any code shown anywhere has one sentence.
  ...READER_ERROR_WORDING,
  ...SEARCH_ERROR_WORDING,
};

/** Shown for a code no table knows (a newer bridge, a bug): true, and safe to show. */
export const GENERIC_ERROR_SENTENCE = 'Something went wrong while syncing. Your stored mail is safe; try again later.';

export function describeError(code: string): string {
  return Object.hasOwn(WORDING, code) ? WORDING[code]! : GENERIC_ERROR_SENTENCE;
}

/**
 * Codes after which an immediate retry makes things worse: the server asked for a pause, or
 * the credentials are wrong (retrying could lock the account). Same set as the scheduler's
 * retry-policy.ts: its next interval is fine; a "retry now" storm is not.
 */
const WAIT_BEFORE_RETRY: ReadonlySet<string> = new Set(['POP3_ERR_LOGIN_DELAY', 'POP3_ERR_IN_USE', 'POP3_ERR_AUTH']);

export function shouldWaitBeforeRetry(code: string): boolean {
  return WAIT_BEFORE_RETRY.has(code);
}
