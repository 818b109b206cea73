import type { Pop3Capabilities } from './capabilities.ts';
import type { Pop3CommandName } from './commands.ts';
import type { Pop3ErrorCode } from './errors.ts';

/** Returned by `nextEvent()` when the buffered bytes do not yet make a whole event. */
export const NEED_DATA: unique symbol = Symbol('NEED_DATA');

export type Pop3Event =
  | { type: 'greeting'; text: string; apopTimestamp: string | null }
  | { type: 'capabilities'; capabilities: Pop3Capabilities }
  /** A single-line +OK with no richer event. */
  | { type: 'ok'; command: Pop3CommandName; text: string; respCode: string | null }
  | { type: 'stat'; count: number; size: number }
  /** LIST, both forms. */
  | { type: 'scan-listing'; entries: Array<{ msg: number; size: number }> }
  /** UIDL, both forms. */
  | { type: 'unique-id-listing'; entries: Array<{ msg: number; uid: string }> }
  /** Dot-unstuffed, CRLF kept, terminator removed. */
  | { type: 'message'; command: 'RETR' | 'TOP'; msg: number; bytes: Uint8Array }
  /**
   * "+ base64" during AUTH. `initialResponseRequested` is true when send() had to hold back
   * an AUTH initial response that did not fit in 255 octets (RFC 5034 §4): answer this
   * continuation with that initial response (an empty string for '=').
   */
  | { type: 'continuation'; challenge: string; initialResponseRequested: boolean }
  /** -ERR. `code` comes from the response code, or from the command when there is none. */
  | { type: 'negative'; command: Pop3CommandName; text: string; respCode: string | null; code: Pop3ErrorCode };
