// A sync failure in words that fit the moment: when the browser is offline, or Satchel's
// server does not answer, a dropped link is that, whatever code the tunnel ended with.
import { describeError } from './describe-error.ts';

/** Codes a lost link to Satchel's server ends a sync with. */
const LINK_CODES: ReadonlySet<string> = new Set([
  'TUNNEL_ERR_CLOSED',
  'TUNNEL_ERR_TIMEOUT',
  'TUNNEL_ERR_NOT_OPEN',
  'TUNNEL_ERR_SHUTTING_DOWN',
  'TUNNEL_ERR_RECONNECT_GAVE_UP',
  'TUNNEL_ERR_RESUME_EXPIRED',
  'TARGETS_ERR_NETWORK',
]);

export const OFFLINE_SENTENCE = 'You’re offline. Your stored mail is still here to read; Satchel syncs again when the connection is back.';
export const SERVER_DOWN_SENTENCE = 'Satchel’s server can’t be reached right now. Your stored mail is still here; Satchel syncs again once it answers.';

export interface LinkState {
  /** navigator.onLine: false is certain. */
  online: boolean;
  /** Whether Satchel's server answered its last probe; null before the first. */
  serverReachable: boolean | null;
}

export function describeSyncProblem(code: string, link: LinkState): string {
  if (LINK_CODES.has(code)) {
    if (!link.online) return OFFLINE_SENTENCE;
    if (link.serverReachable === false) return SERVER_DOWN_SENTENCE;
  }
  return describeError(code);
}
