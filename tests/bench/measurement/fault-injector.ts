/**
 * Fires the outage and the cut of a faulted profile at points of the download's progress,
 * the same for every client: a poll every 2 ms of a progress counter (bytes through the
 * emulator for mpop and fetchmail; raw POP3 bytes for Satchel, whose wire bytes are
 * compressed). Each fault fires once.
 */
export interface FaultTriggers {
  /** Returns true when the stall should start now. */
  stallDue(): boolean;
  /** Returns true when the connection should be cut now. */
  cutDue(): boolean;
  stall(): void;
  cut(): void;
}

export function startFaultInjector(triggers: FaultTriggers): { stop(): void; fired: { stall: boolean; cut: boolean } } {
  const fired = { stall: false, cut: false };
  const timer = setInterval(() => {
    if (!fired.stall && triggers.stallDue()) {
      fired.stall = true;
      triggers.stall();
    }
    if (!fired.cut && triggers.cutDue()) {
      fired.cut = true;
      triggers.cut();
    }
    if (fired.stall && fired.cut) clearInterval(timer);
  }, 2);
  return { stop: () => clearInterval(timer), fired };
}
