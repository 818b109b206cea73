/**
 * Wraps an event handler so that a throw inside it (a bug, since handlers deal with bad input
 * as data) ends only the connection it belongs to: `onError` gets the error, and nothing
 * reaches the emitter, where it would become an uncaught exception and end the process with
 * every other user's tunnel. Each handler catches its own; the process has no catch-all.
 */
export function containErrors<A extends unknown[]>(onError: (error: unknown) => void, handler: (...args: A) => void): (...args: A) => void {
  return (...args: A): void => {
    try {
      handler(...args);
    } catch (error) {
      try {
        onError(error);
      } catch {
        // Reporting the first failure failed too; the connection is already lost.
      }
    }
  };
}
