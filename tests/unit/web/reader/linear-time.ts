// Timing checks for DESIGN.md invariant 10 ("every scan of untrusted text runs in time linear in
// its input"), robust on a loaded 2-core machine: an adversarial input is compared with a benign
// one of the same size, under a bound that a scan costing the square of 1 MB misses by orders
// of magnitude (minutes against a second).
import fc from 'fast-check';
import { expect } from 'vitest';

/** About 1 MB: the size of the adversarial inputs. */
export const ADVERSARIAL_LENGTH = 1 << 20;

/** Enough for a few dozen 1 MB scans on a busy machine; vitest's default is 5 s. */
export const LINEAR_TIME_TEST_TIMEOUT_MS = 120_000;

/** The shape of an adversarial input: a head, then one short unit repeated, then a tail. */
export interface RepeatedShape {
  head: string;
  unit: string;
  tail: string;
}

/** `unit` repeated between `head` and `tail`, to `length` characters. */
export function repeatedText({ head, unit, tail }: RepeatedShape, length = ADVERSARIAL_LENGTH): string {
  const body = unit.repeat(Math.ceil(Math.max(0, length - head.length - tail.length) / unit.length));
  return head + body.slice(0, Math.max(0, length - head.length - tail.length)) + tail;
}

/** Shapes built from these parts: long runs of one delimiter without its closer, of separators. */
export function repeatedShapes(heads: readonly string[], units: readonly string[], tails: readonly string[]): fc.Arbitrary<RepeatedShape> {
  return fc.record({
    head: fc.constantFrom(...heads),
    unit: fc.array(fc.constantFrom(...units), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')),
    tail: fc.constantFrom(...tails),
  });
}

/** Milliseconds of the fastest of `tries` runs: the one least disturbed by other work. */
function fastestRunMs(run: () => unknown, tries = 2): number {
  let fastest = Infinity;
  for (let i = 0; i < tries; i++) {
    const started = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

/**
 * Asserts that `scan` takes an adversarial 1 MB input of every shape in about the time it
 * takes a benign one: within 20 times as long, and never less than one second.
 */
export function expectLinearTime(scan: (text: string) => unknown, benign: string, shapes: fc.Arbitrary<RepeatedShape>, examples: RepeatedShape[], numRuns = 20): void {
  const benignMs = fastestRunMs(() => scan(benign), 3);
  const boundMs = Math.max(1_000, 20 * benignMs);
  fc.assert(
    fc.property(shapes, (shape) => {
      const text = repeatedText(shape);
      const elapsedMs = fastestRunMs(() => scan(text));
      expect(elapsedMs, `${JSON.stringify(shape)}: ${elapsedMs.toFixed(0)} ms, benign ${benignMs.toFixed(0)} ms`).toBeLessThan(boundMs);
    }),
    { numRuns, examples: examples.map((shape) => [shape]) },
  );
}
