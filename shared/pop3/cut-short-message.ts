import { Pop3RemoteProtocolError } from './errors.ts';

/**
 * A server that does not dot-stuff a body line "." ends the message there (RFC 1939 §3): the
 * terminator came, so the part before it looks whole, and the rest is read as the next
 * answer's status line. Nothing at the terminator tells; what follows does. So a RETR answer
 * shorter than LIST said (LIST is a hint, but a cut-short message is always short) is held
 * until the next status line parses; if that line is garbage, the held message was cut short,
 * and is not delivered.
 */
export async function vouchedFor<T>(next: () => Promise<T>): Promise<T> {
  try {
    return await next();
  } catch (error) {
    throw asCutShort(error);
  }
}

/** The error to report when what follows a held message is not a status line. */
export function asCutShort(error: unknown): unknown {
  if (!(error instanceof Pop3RemoteProtocolError) || !CUT_SHORT_SIGNS.has(error.code)) return error;
  return new Pop3RemoteProtocolError('POP3_ERR_MESSAGE_CUT_SHORT', `a message shorter than LIST said was followed by what is not a status line (${error.code})`);
}

/** What the rest of a cut-short message looks like where the next status line belongs. */
const CUT_SHORT_SIGNS: ReadonlySet<string> = new Set(['POP3_ERR_BAD_STATUS', 'POP3_ERR_LINE_TOO_LONG', 'POP3_ERR_UNSOLICITED']);
