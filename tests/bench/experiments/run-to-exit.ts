/**
 * Runs an experiment's main() and ends the process with its outcome: 0, or 1 with the error
 * printed. It exits rather than waits, since sockets, timers and child processes a failed run
 * left behind would otherwise keep it alive.
 */
export function runToExit(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
