import { describe, expect, it } from 'vitest';
import { RETAINED_FLOOR_BYTES, RetainedBudget } from '../../../../bridge/server/index.ts';

const PER_SESSION = 8 * 1024 * 1024;

describe('RetainedBudget', () => {
  it('pauses a session at its own limit whatever the total', () => {
    const budget = new RetainedBudget(1024 * 1024 * 1024);
    expect(budget.mustPause(PER_SESSION - 1, PER_SESSION)).toBe(false);
    expect(budget.mustPause(PER_SESSION, PER_SESSION)).toBe(true);
  });

  it('once the total is spent, holds every session to the floor but lets one under it go on', () => {
    const budget = new RetainedBudget(1024 * 1024);
    budget.add(1024 * 1024);
    expect(budget.mustPause(RETAINED_FLOOR_BYTES, PER_SESSION)).toBe(true);
    expect(budget.mustPause(RETAINED_FLOOR_BYTES - 1, PER_SESSION)).toBe(false);
    budget.release(1);
    expect(budget.mustPause(RETAINED_FLOOR_BYTES, PER_SESSION)).toBe(false);
  });

  it('never counts below zero', () => {
    const budget = new RetainedBudget(1024 * 1024);
    budget.add(10);
    budget.release(20);
    expect(budget.total).toBe(0);
  });
});
