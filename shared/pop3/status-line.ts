import type { Pop3CommandName } from './commands.ts';
import type { Pop3ErrorCode } from './errors.ts';

export type StatusLine =
  | { kind: 'ok'; text: string; respCode: string | null }
  | { kind: 'err'; text: string; respCode: string | null }
  | { kind: 'continuation'; challenge: string }
  | { kind: 'invalid' };

/**
 * Splits a response's first line. RFC 1939 §3: "+OK" or "-ERR", then optional text after a
 * space. RFC 5034 §4: during AUTH, "+ " (or a bare "+") carries a base64 challenge.
 */
export function parseStatusLine(line: string): StatusLine {
  const upper = line.slice(0, 4).toUpperCase();
  if (upper.startsWith('+OK') && (line.length === 3 || line[3] === ' ')) {
    return { kind: 'ok', ...splitRespCode(line.slice(4)) };
  }
  if (upper === '-ERR' && (line.length === 4 || line[4] === ' ')) {
    return { kind: 'err', ...splitRespCode(line.slice(5)) };
  }
  if (line === '+' || line.startsWith('+ ')) {
    return { kind: 'continuation', challenge: line.slice(2).trim() };
  }
  return { kind: 'invalid' };
}

/** RFC 2449 §8: a response code is the first thing after the status, in square brackets. */
function splitRespCode(rest: string): { text: string; respCode: string | null } {
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end > 1) return { respCode: rest.slice(1, end), text: rest.slice(end + 1).trimStart() };
  }
  return { respCode: null, text: rest };
}

const RESP_CODE_ERRORS: Record<string, Pop3ErrorCode> = {
  'IN-USE': 'POP3_ERR_IN_USE',
  'LOGIN-DELAY': 'POP3_ERR_LOGIN_DELAY',
  'SYS/TEMP': 'POP3_ERR_SYS_TEMP',
  'SYS/PERM': 'POP3_ERR_SYS_PERM',
  AUTH: 'POP3_ERR_AUTH',
};

const LOGIN_COMMANDS: ReadonlySet<Pop3CommandName> = new Set(['USER', 'PASS', 'APOP', 'AUTH', 'AUTH_RESPONSE']);

/**
 * The error code for a -ERR. RFC 2449 §8: codes are hierarchical, so "SYS/TEMP/DISK" is still
 * SYS/TEMP. RFC 3206 §4: with no code, a -ERR to a login command is taken as bad credentials.
 */
export function negativeCode(command: Pop3CommandName, respCode: string | null): Pop3ErrorCode {
  if (respCode !== null) {
    const parts = respCode.toUpperCase().split('/');
    for (let n = parts.length; n > 0; n--) {
      const known = RESP_CODE_ERRORS[parts.slice(0, n).join('/')];
      if (known) return known;
    }
  }
  return LOGIN_COMMANDS.has(command) && respCode === null ? 'POP3_ERR_AUTH' : 'POP3_ERR_NEGATIVE';
}
