// What went wrong with one message whose fetch failed (DESIGN.md invariant 9), in words for the
// inbox row and the reader. The session tables (pop3-wording.ts, tunnel-wording.ts) speak of
// a whole sync ("your stored mail is safe"); these speak of one message, and end by saying
// what Satchel does next, so none says "try again later" to someone who cannot help it.
// Picked from the stable code, never from the server's text.
import { waitAfter, type FetchFailure } from '../../../../shared/sync/index.ts';
import { formatBytes } from './format.ts';

/** The row's visible mark; the rest of describeFetchFailure's sentence follows it. */
export const FETCH_FAILED_LABEL = "Couldn't download";

/** The clause after "Couldn't download:", per code that the sync records on a message. */
export const FETCH_FAILURE_WORDING: Readonly<Record<string, string>> = {
  POP3_ERR_SYS_TEMP: 'the mail server reported a temporary problem',
  POP3_ERR_SYS_PERM: 'the mail server reported a lasting problem with this message',
  POP3_ERR_NEGATIVE: 'the mail server refused to send it',
  POP3_ERR_IN_USE: 'another program had the mailbox locked',
  POP3_ERR_LOGIN_DELAY: 'the mail server asked for a pause',
  POP3_ERR_EOF: 'the connection to the mail server ended while it was arriving',
  POP3_ERR_MESSAGE_TOO_LARGE: 'it is larger than Satchel can store',
  TUNNEL_ERR_UPSTREAM_CLOSED: 'the mail server closed the connection while it was arriving',
  TUNNEL_ERR_CLOSED: 'the connection to Satchel\'s server dropped while it was arriving',
  TUNNEL_ERR_TIMEOUT: 'the connection timed out while it was arriving',
  TUNNEL_ERR_UPSTREAM_SILENT: 'the mail server stopped answering while it was arriving',
  POP3_ERR_BAD_STATUS: 'the mail server answered with something that is not POP3',
  POP3_ERR_LINE_TOO_LONG: 'the mail server sent a line far longer than any mail has',
  SYNC_ERR_ANSWER_MISMATCH: 'the mail server sent another message in its place',
  POP3_ERR_MESSAGE_CUT_SHORT: 'the mail server ended it before its end',
};

/** For a code this table does not know: true whatever happened. */
export const GENERIC_FETCH_FAILURE = 'something went wrong while it was arriving';

/**
 * Codes where Satchel's own retries are unlikely to help: it still tries now and then (the
 * planner backs off to once a day), but the sentence says who can fix it.
 */
const NEEDS_SOMEONE_ELSE: Readonly<Record<string, string>> = {
  POP3_ERR_SYS_PERM: 'Your mail provider may need to fix it.',
  POP3_ERR_MESSAGE_TOO_LARGE: 'Read it with another mail program.',
  POP3_ERR_BAD_STATUS: 'Your mail provider may need to fix it.',
  POP3_ERR_LINE_TOO_LONG: 'Your mail provider may need to fix it.',
  POP3_ERR_MESSAGE_CUT_SHORT: 'Your mail provider may need to fix it.',
};

export function fetchFailureCause(code: string): string {
  return Object.hasOwn(FETCH_FAILURE_WORDING, code) ? FETCH_FAILURE_WORDING[code]! : GENERIC_FETCH_FAILURE;
}

/** When the sync will fetch it again by itself: at the next sync, or at the first sync after `at`. */
export type NextFetchTry = { kind: 'next-sync' } | { kind: 'after'; at: number };

/** From shared/sync's backoff: the planner skips the message until lastAt + waitAfter(failure). */
export function nextFetchTry(failure: FetchFailure, now: number): NextFetchTry {
  const at = failure.lastAt + waitAfter(failure);
  return at <= now ? { kind: 'next-sync' } : { kind: 'after', at };
}

/** "14:35" today, else "Mon 14:35" (the longest wait is a day), in the user's locale. */
export function formatTryTime(at: number, now: number, locale?: string): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay ? { hour: 'numeric', minute: '2-digit' } : { weekday: 'short', hour: 'numeric', minute: '2-digit' };
  return new Date(at).toLocaleString(locale, options);
}

function whenSentence(next: NextFetchTry, now: number, formatTime: (at: number, now: number) => string): string {
  return next.kind === 'next-sync' ? 'Satchel will try again at the next sync.' : `Satchel will try again at the first sync after ${formatTime(next.at, now)}.`;
}

/**
 * The row's sentence, read by screen readers and shown as a tooltip, e.g. "Couldn't download:
 * the mail server reported a temporary problem. Satchel will try again at the next sync."
 */
export function describeFetchFailure(failure: FetchFailure, now: number, formatTime: (at: number, now: number) => string = formatTryTime): string {
  const advice = NEEDS_SOMEONE_ELSE[failure.code];
  return [`${FETCH_FAILED_LABEL}: ${fetchFailureCause(failure.code)}.`, whenSentence(nextFetchTry(failure, now), now, formatTime), ...(advice === undefined ? [] : [advice])].join(' ');
}

/** A placeholder's: what the reader cannot show yet, so its "(no subject)" is not taken for the message's. */
export function placeholderSentence(size: number): string {
  return `Its sender, subject and text (${formatBytes(size)}) are still on the server.`;
}

/**
 * The reader's sentences: the row's, with how many tries so far, what a placeholder lacks, and, when the reader offers
 * the button, that it fetches the message at once (a tap skips the backoff).
 */
export function describeFetchFailureInReader(failure: FetchFailure, now: number, canFetchNow: boolean, formatTime: (at: number, now: number) => string = formatTryTime, placeholderSize: number | null = null): string {
  const advice = NEEDS_SOMEONE_ELSE[failure.code];
  const tries = failure.attempts === 1 ? '' : ` (${failure.attempts} tries so far)`;
  return [
    `Satchel couldn't download this message: ${fetchFailureCause(failure.code)}${tries}.`,
    ...(placeholderSize === null ? [] : [placeholderSentence(placeholderSize)]),
    whenSentence(nextFetchTry(failure, now), now, formatTime),
    ...(advice === undefined ? [] : [advice]),
    ...(canFetchNow ? ['To try now, choose Download full message.'] : []),
  ].join(' ');
}
