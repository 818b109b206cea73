import type { Pop3Command } from './commands.ts';
import { Pop3LocalProtocolError } from './errors.ts';

/** RFC 2449 §4: a command line is at most 255 octets, CRLF included. */
export const MAX_COMMAND_LINE = 255;

const encoder = new TextEncoder();
const MECHANISM = /^[A-Z0-9_-]{1,20}$/; // RFC 4422 §3.1 sasl-mech
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX_DIGEST = /^[0-9a-fA-F]{32}$/;

/**
 * The text of a command line, without CRLF, after checking its arguments. Arguments with
 * CR, LF or NUL are refused: they would let a user name inject a second command.
 */
export function commandLine(command: Pop3Command): string {
  switch (command.type) {
    case 'CAPA': case 'STLS': case 'UTF8': case 'STAT': case 'RSET': case 'NOOP': case 'QUIT':
      return command.type;
    case 'USER':
      return `USER ${safeText(command.name, 'user name', false)}`;
    case 'PASS':
      return `PASS ${safeText(command.password, 'password', true)}`;
    case 'APOP':
      if (!HEX_DIGEST.test(command.digest)) throw badArgument('APOP digest must be 32 hex digits');
      // RFC 1939 §7: the name and the digest are separated by a single space.
      return `APOP ${safeText(command.name, 'user name', false)} ${command.digest.toLowerCase()}`;
    case 'AUTH': {
      const mechanism = command.mechanism.toUpperCase();
      if (!MECHANISM.test(mechanism)) throw badArgument('not a SASL mechanism name');
      if (command.initialResponse === undefined) return `AUTH ${mechanism}`;
      if (command.initialResponse !== '=') base64(command.initialResponse);
      return `AUTH ${mechanism} ${command.initialResponse}`;
    }
    case 'AUTH_RESPONSE':
      return base64(command.response);
    case 'AUTH_CANCEL':
      return '*'; // RFC 5034 §4
    case 'LIST': case 'UIDL':
      return command.msg === undefined ? command.type : `${command.type} ${messageNumber(command.msg)}`;
    case 'RETR': case 'DELE':
      return `${command.type} ${messageNumber(command.msg)}`;
    case 'TOP':
      if (!Number.isSafeInteger(command.lines) || command.lines < 0) throw badArgument('TOP line count must be a non-negative integer');
      return `TOP ${messageNumber(command.msg)} ${command.lines}`;
  }
}

/** The bytes of a command, CRLF included. AUTH responses may exceed 255 octets (RFC 5034 §4). */
export function encodeCommandLine(line: string, limit: number | null): Uint8Array {
  const bytes = encoder.encode(`${line}\r\n`);
  if (limit !== null && bytes.length > limit) {
    throw new Pop3LocalProtocolError('POP3_ERR_COMMAND_TOO_LONG', `command line of ${bytes.length} octets exceeds ${limit}`);
  }
  return bytes;
}

function safeText(value: string, what: string, allowSpaces: boolean): string {
  if (value.length === 0) throw badArgument(`empty ${what}`);
  if (/[\r\n\0]/.test(value)) throw badArgument(`${what} contains CR, LF or NUL`);
  // RFC 1939 §7: USER and APOP take one argument; only PASS may contain spaces (§7, PASS).
  if (!allowSpaces && / /.test(value)) throw badArgument(`${what} contains a space`);
  return value;
}

function base64(value: string): string {
  if (!BASE64.test(value)) throw badArgument('SASL response is not base64');
  return value;
}

function messageNumber(msg: number): number {
  if (!Number.isSafeInteger(msg) || msg < 1) throw badArgument('message numbers are integers from 1');
  return msg;
}

function badArgument(message: string): Pop3LocalProtocolError {
  return new Pop3LocalProtocolError('POP3_ERR_BAD_ARGUMENT', message);
}
