// What each POP3 error means to the person holding the phone. Keyed by code so the compiler
// fails when the POP3 table gains a code this file does not word.
import type { Pop3ErrorCode } from '../../../../shared/pop3/errors.ts';

export const POP3_WORDING = {
  POP3_ERR_AUTH: 'The mail server did not accept the user name or password. Check them in the account settings; Satchel will not retry until you do.',
  POP3_ERR_AUTH_CANCELLED: 'Signing in to the mail server was cancelled before it finished. Try syncing again.',
  POP3_ERR_IN_USE: 'Another program is reading this mailbox right now, so the server has locked it. Wait a few minutes and sync again; retrying at once will not help.',
  POP3_ERR_LOGIN_DELAY: 'The mail server asks for a pause between sign-ins. Wait a while before syncing again; retrying sooner only resets the wait.',
  POP3_ERR_SYS_TEMP: 'The mail server has a temporary problem. Your stored mail is safe; Satchel tries again by itself shortly.',
  POP3_ERR_SYS_PERM: 'The mail server reports a lasting problem with this mailbox. Retrying will not help; contact your mail provider.',
  POP3_ERR_NEGATIVE: 'The mail server refused one of Satchel\'s requests, so the sync stopped. Your stored mail is safe. The next scheduled sync asks again; if this keeps happening, the server may lack a feature Satchel needs.',
  POP3_ERR_GREETING_REJECTED: 'The mail server refused the connection as soon as it opened. It may be busy or blocking Satchel’s server.',
  POP3_ERR_LINE_TOO_LONG: 'The mail server sent a line far longer than POP3 allows, so Satchel stopped reading to stay safe.',
  POP3_ERR_MESSAGE_TOO_LARGE: 'A message on the server is larger than Satchel can store, so it was skipped. Read it with another mail program.',
  POP3_ERR_LISTING_TOO_LONG: 'The mailbox lists more messages than Satchel can handle in one sync.',
  POP3_ERR_CAPA_TOO_LONG: 'The mail server described its features at unreasonable length, so Satchel stopped talking to it.',
  POP3_ERR_BAD_STATUS: 'The mail server answered in a way POP3 does not allow. Nothing already stored was lost.',
  POP3_ERR_BAD_UIDL: 'The mail server gave a message an empty or garbled identifier, so Satchel cannot keep track of it. The server needs fixing; your other mail is not affected.',
  POP3_ERR_DUPLICATE_UIDL: 'The mail server gave two messages the same identifier, so Satchel leaves those two on the server rather than risk mixing them up. Your other mail syncs as usual.',
  POP3_ERR_BAD_LISTING: 'The mail server sent a garbled list of messages, so Satchel downloaded and deleted nothing. If this keeps happening, the server needs fixing; contact your mail provider.',
  POP3_ERR_MESSAGE_CUT_SHORT: 'The mail server ended a message before its end, so Satchel did not store it. The other messages are kept, and that one is tried again after the others; if it keeps failing, contact your mail provider.',
  POP3_ERR_UNSOLICITED: 'The mail server sent data nobody asked for, so Satchel closed the connection.',
  POP3_ERR_EOF: 'The connection to the mail server ended in the middle of a reply. Anything not complete was not stored; the next sync picks up where this one stopped.',
  POP3_ERR_BAD_GREETING: 'The server at this address does not speak POP3. Check the account\'s server.',
  POP3_ERR_BAD_CONTINUATION: 'The mail server sent a garbled sign-in challenge. Try another sign-in method in the account settings.',
  POP3_ERR_INVALID_STATE: 'Satchel sent a mail command at the wrong moment. This is a bug in Satchel; your stored mail is safe.',
  POP3_ERR_BAD_ARGUMENT: 'A value in this account (often the user name) contains characters POP3 cannot carry. Check the account settings.',
  POP3_ERR_COMMAND_TOO_LONG: 'The user name or password is too long for POP3 to carry.',
  POP3_ERR_NOT_PIPELINING: 'Satchel sent commands too fast for this mail server. This is a bug in Satchel; your stored mail is safe.',
  POP3_ERR_MECHANISM_UNAVAILABLE: 'This mail server does not offer the chosen sign-in method. Pick another one in the account settings.',
} as const satisfies Record<Pop3ErrorCode, string>;
