// The POP3 layer's errors: its one table of codes, and the error classes the state machine
// and the session throw (DESIGN.md "Errors").
import { defineErrorLayer, type ErrorCodeTable } from '../errors/index.ts';
import type { Pop3CommandName } from './commands.ts';

/**
 * Every error code the POP3 layer can produce, with what it means. This is the one table for
 * the layer; the UI picks its wording from the code, never from an error's message text.
 *
 * `side` says who broke what: `local` is our own mistake (a command sent in the wrong state,
 * an argument that would break the command line); `remote` is the server (it broke the
 * protocol, broke one of our limits, or answered -ERR).
 */
export const POP3_ERROR_CODES = {
  // -ERR answers, mapped from RFC 2449 §8 / RFC 3206 response codes.
  POP3_ERR_AUTH: { side: 'remote', summary: 'The server refused the credentials (RFC 3206 [AUTH], or a -ERR with no code to USER, PASS, APOP or AUTH).' },
  POP3_ERR_AUTH_CANCELLED: { side: 'remote', summary: 'The SASL exchange ended because the client cancelled it with "*" (RFC 5034 §4).' },
  POP3_ERR_IN_USE: { side: 'remote', summary: 'The maildrop is locked by another session (RFC 2449 §8.1.1 [IN-USE]).' },
  POP3_ERR_LOGIN_DELAY: { side: 'remote', summary: 'The user logged in too recently (RFC 2449 §8.1.2 [LOGIN-DELAY]).' },
  POP3_ERR_SYS_TEMP: { side: 'remote', summary: 'A temporary server problem; try again later (RFC 3206 [SYS/TEMP]).' },
  POP3_ERR_SYS_PERM: { side: 'remote', summary: 'A permanent server problem; retrying will not help (RFC 3206 [SYS/PERM]).' },
  POP3_ERR_NEGATIVE: { side: 'remote', summary: 'Any other -ERR answer.' },
  POP3_ERR_GREETING_REJECTED: { side: 'remote', summary: 'The server greeted with -ERR and will not serve this connection.' },
  // The server broke the protocol or one of our limits.
  POP3_ERR_LINE_TOO_LONG: { side: 'remote', summary: 'A status, listing or capability line exceeded limits.maxLineLength.' },
  POP3_ERR_MESSAGE_TOO_LARGE: { side: 'remote', summary: 'A RETR or TOP body exceeded limits.maxMessageSize.' },
  POP3_ERR_LISTING_TOO_LONG: { side: 'remote', summary: 'A LIST or UIDL listing exceeded limits.maxListingEntries.' },
  POP3_ERR_CAPA_TOO_LONG: { side: 'remote', summary: 'A CAPA listing exceeded limits.maxCapaLines.' },
  POP3_ERR_BAD_STATUS: { side: 'remote', summary: 'A response did not start with +OK, -ERR (or "+ " during AUTH).' },
  POP3_ERR_BAD_UIDL: { side: 'remote', summary: 'The answer to UIDL n held an empty id or control characters. In a whole listing such a message is left out and keyed another way instead (longer ids, spaces and 8-bit bytes are accepted).' },
  POP3_ERR_DUPLICATE_UIDL: { side: 'remote', summary: 'Two messages in one UIDL listing had the same unique-id; those messages are set apart, the others sync.' },
  POP3_ERR_BAD_LISTING: { side: 'remote', summary: 'A malformed STAT, LIST or UIDL line: not numbers, out of order, duplicated, or not the message asked for.' },
  POP3_ERR_MESSAGE_CUT_SHORT: { side: 'remote', summary: 'A RETR answer shorter than LIST said was followed by something that is not a status line: the server ended the message early (a body line "." it did not dot-stuff, RFC 1939 §3) and sent the rest where the next answer belongs. That message is not stored.' },
  POP3_ERR_UNSOLICITED: { side: 'remote', summary: 'The server sent bytes when no command was waiting for an answer.' },
  POP3_ERR_EOF: { side: 'remote', summary: 'The connection ended before a response was complete.' },
  POP3_ERR_BAD_GREETING: { side: 'remote', summary: 'The first line from the server was not a POP3 greeting.' },
  POP3_ERR_BAD_CONTINUATION: { side: 'remote', summary: 'A "+ " continuation arrived outside an AUTH exchange, or was not base64.' },
  // We broke the protocol (a bug in the caller, or input it should have checked).
  POP3_ERR_INVALID_STATE: { side: 'local', summary: 'That command is not allowed in the current state.' },
  POP3_ERR_BAD_ARGUMENT: { side: 'local', summary: 'A command argument was invalid (CR, LF or NUL, a bad message number, a bad mechanism name).' },
  POP3_ERR_COMMAND_TOO_LONG: { side: 'local', summary: 'The command line would exceed 255 octets (RFC 2449 §4).' },
  POP3_ERR_NOT_PIPELINING: { side: 'local', summary: 'A command is still pending, and the server did not offer PIPELINING (or the pending command must run alone).' },
  POP3_ERR_MECHANISM_UNAVAILABLE: { side: 'local', summary: 'The login mechanism asked for cannot be used with this server (no APOP timestamp, SASL mechanism not offered).' },
} as const satisfies ErrorCodeTable;

export type Pop3ErrorCode = keyof typeof POP3_ERROR_CODES;

const layer = defineErrorLayer('Pop3Error', POP3_ERROR_CODES);

export const isPop3ErrorCode = layer.isCode;

/** An error in the POP3 layer, with a stable code from POP3_ERROR_CODES. */
class Pop3Error extends layer.Error {}

/** We broke the protocol: the command cannot be sent now, or its arguments are unsafe. */
export class Pop3LocalProtocolError extends Pop3Error {}

/** The server broke the protocol or one of our limits. The client is unusable afterwards. */
export class Pop3RemoteProtocolError extends Pop3Error {}

/**
 * The server answered -ERR. Thrown by Pop3Session; the state machine itself reports -ERR as
 * a `negative` event, because -ERR is a normal answer, not a protocol failure.
 */
export class Pop3NegativeResponseError extends Pop3Error {
  readonly command: Pop3CommandName;
  readonly respCode: string | null;

  constructor(code: Pop3ErrorCode, command: Pop3CommandName, respCode: string | null, text: string) {
    super(code, `${command} failed: ${text}`);
    this.command = command;
    this.respCode = respCode;
  }
}
