// Timing helpers for the linear-time property tests of the sync Worker's scanners. The
// machines that run these are loaded (2 cores shared by several jobs), so every bound is
// generous: far above what a linear scan of the input costs, and orders of magnitude below
// what the quadratic code it replaced costs on the same input.

/** About 1 MB: the size of adversarial input every scanner test feeds. */
export const ADVERSARIAL_CHARS = 1_000_000;

/** Milliseconds the fastest of `runs` calls took (the fastest is the one least disturbed by load). */
export function fastestMs(run: () => unknown, runs = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** `unit` repeated to about `chars` characters. */
export function repeatTo(unit: string, chars = ADVERSARIAL_CHARS): string {
  return unit.repeat(Math.max(1, Math.ceil(chars / unit.length)));
}
