import { describe, expect, it } from 'vitest';
import { machineCpuSeconds } from '../../../bench/measurement/machine-cpu.ts';

describe('machineCpuSeconds', () => {
  it('grows by at least the CPU this process burns in between', () => {
    const before = machineCpuSeconds();
    const started = process.cpuUsage();
    let x = 0;
    while (process.cpuUsage(started).user < 300_000) x += Math.sqrt(x + 1);
    const burned = process.cpuUsage(started).user / 1e6;
    expect(x).toBeGreaterThan(0);
    // /proc/stat counts in hundredths of a second.
    expect(machineCpuSeconds() - before).toBeGreaterThanOrEqual(burned - 0.02);
  });
});
