import { describe, expect, it } from 'vitest';
import { isFinalTunnelState, nextTunnelState, tunnelTransitions, type TunnelEvent } from '../../../../shared/tunnel/index.ts';

const EVENTS: TunnelEvent[] = ['open', 'resume', 'ready', 'resumed', 'drop', 'upstream-closed', 'close', 'fail'];

/** Every legal move, written out by hand: the table must say exactly this, no more. */
const BRIDGE_MOVES = [
  'awaiting-open --open--> connecting',
  'awaiting-open --resume--> handed-over',
  'awaiting-open --close--> closed',
  'awaiting-open --fail--> closed',
  'connecting --ready--> relaying',
  'connecting --close--> closed',
  'connecting --fail--> closed',
  'relaying --resumed--> relaying',
  'relaying --drop--> parked',
  'relaying --upstream-closed--> closed',
  'relaying --close--> closed',
  'relaying --fail--> closed',
  'parked --resumed--> relaying',
  'parked --fail--> closed',
];

const CLIENT_MOVES = [
  'connecting --ready--> open',
  'connecting --close--> closed',
  'connecting --fail--> failed',
  'open --drop--> reconnecting',
  'open --upstream-closed--> closed',
  'open --close--> closed',
  'open --fail--> failed',
  'reconnecting --resumed--> open',
  'reconnecting --close--> closed',
  'reconnecting --fail--> failed',
];

function movesOf(end: 'bridge' | 'client'): string[] {
  return Object.entries(tunnelTransitions(end)).flatMap(([from, on]) => Object.entries(on).map(([event, to]) => `${from} --${event}--> ${to}`));
}

describe.each([
  { end: 'bridge' as const, moves: BRIDGE_MOVES, finals: ['handed-over', 'closed'] },
  { end: 'client' as const, moves: CLIENT_MOVES, finals: ['closed', 'failed'] },
])('the $end end of the tunnel', ({ end, moves, finals }) => {
  it('allows exactly the moves listed', () => {
    expect(movesOf(end).sort()).toEqual([...moves].sort());
  });

  it('goes where each listed move says', () => {
    for (const move of moves) {
      const [, from, event, to] = /^(\S+) --(\S+)--> (\S+)$/.exec(move)!;
      expect(nextTunnelState(end, from as never, event as TunnelEvent)).toBe(to);
    }
  });

  it('refuses every move the table does not list', () => {
    let refused = 0;
    for (const from of Object.keys(tunnelTransitions(end))) {
      for (const event of EVENTS) {
        if (moves.includes(`${from} --${event}--> ${nextOrNull(end, from, event)}`)) continue;
        expect(() => nextTunnelState(end, from as never, event)).toThrow(`tunnel ${end}: no move from ${from} on ${event}`);
        refused++;
      }
    }
    expect(refused).toBe(Object.keys(tunnelTransitions(end)).length * EVENTS.length - moves.length);
  });

  it('calls final exactly the states no event leaves', () => {
    const states = Object.keys(tunnelTransitions(end)) as never[];
    expect(states.filter((state) => isFinalTunnelState(end, state))).toEqual(finals);
  });

  it('leaves no state that no move leads to, save the first', () => {
    const first = Object.keys(tunnelTransitions(end))[0]!;
    const seen = new Set([first]);
    for (const move of moves) seen.add(move.split(' ').at(-1)!);
    expect([...seen].sort()).toEqual(Object.keys(tunnelTransitions(end)).sort());
  });
});

function nextOrNull(end: 'bridge' | 'client', from: string, event: TunnelEvent): string | null {
  try {
    return nextTunnelState(end, from as never, event);
  } catch {
    return null;
  }
}
