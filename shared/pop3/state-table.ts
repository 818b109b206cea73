import type { Pop3CommandName } from './commands.ts';

/**
 * Everything that affects the POP3 session's state lives in this file (as h11's _state.py
 * does for HTTP): which commands each state allows, how they may be pipelined, and which
 * state a response leads to. Pop3Client only looks things up here.
 */
export type Pop3State = 'greeting' | 'authorization' | 'transaction' | 'update' | 'closed' | 'failed';

/**
 * How a command may share the wire with others (RFC 2449 §6.6 PIPELINING):
 * - `pipelined`: may be sent while others are pending, if the server offered PIPELINING.
 * - `last`: may follow pipelined commands, but nothing may be sent after it until its
 *   answer is read, because that answer may change the state (PASS, APOP, QUIT, UTF8).
 * - `alone`: needs nothing pending and blocks everything until answered (STLS, whose
 *   answer is followed by TLS; AUTH, whose exchange spans several lines).
 */
export type Sequencing = 'pipelined' | 'last' | 'alone';

interface CommandRule {
  states: readonly Pop3State[];
  sequencing: Sequencing;
}

const AUTHORIZATION = ['authorization'] as const;
const TRANSACTION = ['transaction'] as const;

/**
 * AUTH_RESPONSE and AUTH_CANCEL are not here: they answer a continuation of a pending AUTH.
 * How each answer is parsed is not state: that table is in answer-readers.ts.
 */
export const COMMAND_RULES: Record<Exclude<Pop3CommandName, 'AUTH_RESPONSE' | 'AUTH_CANCEL'>, CommandRule> = {
  // RFC 2449 §5: CAPA is allowed in both AUTHORIZATION and TRANSACTION.
  CAPA: { states: ['authorization', 'transaction'], sequencing: 'pipelined' },
  // RFC 2595 §4: STLS only in AUTHORIZATION.
  STLS: { states: AUTHORIZATION, sequencing: 'alone' },
  // RFC 6856 §3: UTF8 is valid in AUTHORIZATION.
  UTF8: { states: AUTHORIZATION, sequencing: 'last' },
  USER: { states: AUTHORIZATION, sequencing: 'pipelined' },
  PASS: { states: AUTHORIZATION, sequencing: 'last' },
  APOP: { states: AUTHORIZATION, sequencing: 'last' },
  AUTH: { states: AUTHORIZATION, sequencing: 'alone' },
  STAT: { states: TRANSACTION, sequencing: 'pipelined' },
  LIST: { states: TRANSACTION, sequencing: 'pipelined' },
  UIDL: { states: TRANSACTION, sequencing: 'pipelined' },
  TOP: { states: TRANSACTION, sequencing: 'pipelined' },
  RETR: { states: TRANSACTION, sequencing: 'pipelined' },
  DELE: { states: TRANSACTION, sequencing: 'pipelined' },
  RSET: { states: TRANSACTION, sequencing: 'pipelined' },
  NOOP: { states: TRANSACTION, sequencing: 'pipelined' },
  QUIT: { states: ['authorization', 'transaction'], sequencing: 'last' },
};

/** RFC 1939 §6: QUIT sent from TRANSACTION enters UPDATE; only then are deletions applied. */
export function stateAfterSending(state: Pop3State, command: Pop3CommandName): Pop3State {
  return command === 'QUIT' && state === 'transaction' ? 'update' : state;
}

interface ResponseTransition {
  state: Pop3State;
  /** RFC 2449 §5 / RFC 2595 §4: capabilities may change after login and must be re-read after TLS. */
  forgetCapabilities: boolean;
  /** RFC 2595 §4: after STLS, the greeting and its APOP timestamp belong to the old session. */
  forgetGreeting: boolean;
  /**
   * Drop bytes already buffered behind this answer. After the STLS +OK they may be an
   * injection made before TLS (DESIGN.md invariant 5; "Why TLS is better without STARTTLS",
   * USENIX Security 2021); after QUIT nothing more is read.
   */
  discardBuffered: boolean;
}

/** The state after a command's final answer; null when the state does not change. */
export function stateAfterResponse(command: Pop3CommandName, ok: boolean): ResponseTransition | null {
  switch (command) {
    case 'STLS':
      return ok ? { state: 'authorization', forgetCapabilities: true, forgetGreeting: true, discardBuffered: true } : null;
    case 'PASS': case 'APOP': case 'AUTH':
      // RFC 1939 §7: a failed PASS/APOP leaves the session in AUTHORIZATION.
      return ok ? { state: 'transaction', forgetCapabilities: true, forgetGreeting: false, discardBuffered: false } : null;
    case 'QUIT':
      // RFC 1939 §6: after QUIT the server closes, whether UPDATE succeeded (+OK) or not (-ERR).
      return { state: 'closed', forgetCapabilities: false, forgetGreeting: false, discardBuffered: true };
    default:
      return null;
  }
}

/** The state after the greeting line (RFC 1939 §4). A -ERR greeting is a failure, not a state. */
export const STATE_AFTER_GREETING: Pop3State = 'authorization';
