// Turns for everything that shares the sync Worker's one thread. One Worker serves every
// account, and while it parses a message nothing else runs there: not another account's
// socket data, not its commits. postal-mime awaits once per line, but those awaits are
// microtasks and never let the event loop run, so before this a slow message held every
// other sync for as long as it took (a second account waited 51.3 s instead of 0.68 s,
// DESIGN.md invariant 10). Long work asks turnIsDue() as it goes and, when due, yieldTurn()s.

/**
 * How long the thread works before others get a turn. Short enough that a second account's
 * round trips barely notice; long enough that a turn (one macrotask, well under 1 ms) costs
 * a few percent of the work at most.
 */
export const TURN_MS = 20;

let turnStartedAt = performance.now();

export function turnIsDue(): boolean {
  return performance.now() - turnStartedAt >= TURN_MS;
}

/** Lets queued tasks (socket data, timers, other accounts' syncs) run; resolves after them. */
export async function yieldTurn(): Promise<void> {
  await nextMacrotask();
  turnStartedAt = performance.now();
}

/** Yields only when the thread has worked TURN_MS since its last turn. */
export async function yieldTurnIfDue(): Promise<void> {
  if (turnIsDue()) await yieldTurn();
}

/**
 * A MessageChannel message is a macrotask without setTimeout's clamp (4 ms once timeouts
 * nest), in Workers and in Node alike.
 */
function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
