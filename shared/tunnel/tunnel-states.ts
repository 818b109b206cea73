/**
 * Every state a tunnel end can be in, and every move between them, in one table (as h11 keeps
 * its EVENT_TRIGGERED_TRANSITIONS): the bridge's TunnelSession and the browser's
 * ResumableTunnelClient both move only through `nextTunnelState`, so a move not listed here is
 * a bug in that end, not a new behaviour.
 *
 * Events, named alike on both ends where they mean the same thing:
 * - `open`: the browser's `open` arrived (bridge only; the client starts by sending it).
 * - `resume`: a fresh WebSocket's first message was a `resume` another session took over.
 * - `ready`: the mail server is connected and `ready` went out (bridge) or came in (client).
 * - `resumed`: a new WebSocket took over the session; `resumed` went out or came in.
 * - `drop`: the WebSocket was lost while the session can still be resumed.
 * - `upstream-closed`: the mail server closed cleanly and every byte was handed on.
 * - `close`: the WebSocket closed (bridge) or the user closed the channel (client), with
 *   nothing to resume.
 * - `fail`: the tunnel ends with a TunnelError.
 */
const TRANSITIONS = {
  bridge: {
    'awaiting-open': { open: 'connecting', resume: 'handed-over', close: 'closed', fail: 'closed' },
    connecting: { ready: 'relaying', close: 'closed', fail: 'closed' },
    // `resumed` while relaying: a newer WebSocket took the session from one not yet seen to drop.
    relaying: { resumed: 'relaying', drop: 'parked', 'upstream-closed': 'closed', close: 'closed', fail: 'closed' },
    // Upstream open, grace timer running, no WebSocket.
    parked: { resumed: 'relaying', fail: 'closed' },
    // This WebSocket resumed another session, which now owns it.
    'handed-over': {},
    closed: {},
  },
  client: {
    connecting: { ready: 'open', close: 'closed', fail: 'failed' },
    open: { drop: 'reconnecting', 'upstream-closed': 'closed', close: 'closed', fail: 'failed' },
    reconnecting: { resumed: 'open', close: 'closed', fail: 'failed' },
    closed: {},
    failed: {},
  },
} as const;

type TunnelEnd = keyof typeof TRANSITIONS;

export type TunnelEvent = 'open' | 'resume' | 'ready' | 'resumed' | 'drop' | 'upstream-closed' | 'close' | 'fail';

export type TunnelState<E extends TunnelEnd> = keyof (typeof TRANSITIONS)[E] & string;

/** The table as data, for tests and docs: for each state, the events it takes and where each leads. */
export function tunnelTransitions<E extends TunnelEnd>(end: E): Readonly<Record<TunnelState<E>, Readonly<Partial<Record<TunnelEvent, TunnelState<E>>>>>> {
  return TRANSITIONS[end] as Readonly<Record<TunnelState<E>, Readonly<Partial<Record<TunnelEvent, TunnelState<E>>>>>>;
}

/** Where `event` takes `end` from `from`; throws on a move the table does not list. */
export function nextTunnelState<E extends TunnelEnd>(end: E, from: TunnelState<E>, event: TunnelEvent): TunnelState<E> {
  const to = tunnelTransitions(end)[from][event];
  if (to === undefined) throw new Error(`tunnel ${end}: no move from ${from} on ${event}`);
  return to;
}

/** A state no event leaves. */
export function isFinalTunnelState<E extends TunnelEnd>(end: E, state: TunnelState<E>): boolean {
  return Object.keys(tunnelTransitions(end)[state]).length === 0;
}
