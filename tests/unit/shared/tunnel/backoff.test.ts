import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../shared/tunnel/index.ts';

const options = { initialMs: 100, maxMs: 1_000, jitter: 1 };

describe('backoffDelay', () => {
  it('doubles the ceiling with each attempt up to maxMs', () => {
    const ceilings = [0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, { ...options, jitter: 0 }, 0.5));
    expect(ceilings).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('with full jitter picks uniformly between 0 and the ceiling', () => {
    expect(backoffDelay(2, options, 0)).toBe(0);
    expect(backoffDelay(2, options, 0.5)).toBe(200);
    expect(backoffDelay(2, options, 0.999)).toBe(400);
  });

  it('with half jitter never goes below half the ceiling', () => {
    expect(backoffDelay(1, { ...options, jitter: 0.5 }, 0)).toBe(100);
    expect(backoffDelay(1, { ...options, jitter: 0.5 }, 0.999)).toBe(200);
  });

  it('stays finite for absurd attempt counts', () => {
    expect(backoffDelay(10_000, { ...options, jitter: 0 }, 0)).toBe(1_000);
  });
});
