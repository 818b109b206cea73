/** What a drain needs of a TunnelSession. */
interface DrainableSession {
  readonly progress: { parked: boolean };
  /** Error frame TUNNEL_ERR_SHUTTING_DOWN and a close; a parked session just closes its server connection. */
  shutdown(): void;
  /** Cuts the WebSocket (or, parked, the server connection) at once. */
  terminate(): void;
}

export interface DrainTimes {
  /** How long open tunnels may go on by themselves (limits.drainGraceMs on SIGTERM, 0 for close()). */
  graceMs: number;
  /** After the shutdown frames, how long the browsers get to answer the close before their sockets are cut. */
  closeGraceMs: number;
  /** How often to look again; default 20 ms. */
  pollMs?: number;
  /** Ends the grace period early (a second, impatient signal). */
  cutShort?: AbortSignal;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Ends every session in `sessions` (a live set: sessions leave it when they end) with the
 * least harm. First the tunnels get `graceMs` to finish on their own, so a sync in flight
 * completes and QUITs as usual; a parked session cannot be resumed once the bridge stops
 * accepting, so it is closed at once, during the grace too if a tunnel drops then. RFC 1939
 * §6: the bridge never sends QUIT itself, so the server enters no UPDATE state and deletes
 * nothing for a session cut here. Then the rest get TUNNEL_ERR_SHUTTING_DOWN, and whatever
 * has not closed after `closeGraceMs` is cut.
 */
export async function drainSessions(sessions: ReadonlySet<DrainableSession>, times: DrainTimes): Promise<void> {
  const pollMs = times.pollMs ?? 20;
  const graceEnds = Date.now() + times.graceMs;
  while (sessions.size > 0 && Date.now() < graceEnds && times.cutShort?.aborted !== true) {
    for (const session of sessions) if (session.progress.parked) session.shutdown();
    await sleep(Math.min(pollMs, Math.max(0, graceEnds - Date.now())));
  }
  for (const session of sessions) session.shutdown();
  const closeEnds = Date.now() + times.closeGraceMs;
  while (sessions.size > 0 && Date.now() < closeEnds) await sleep(pollMs);
  for (const session of sessions) session.terminate();
}
