/**
 * CPU time the whole machine spent, every process and core together, from /proc/stat: user,
 * nice, system, irq and softirq; not idle, iowait or steal. On the 2-core bench machine the
 * app's sync is CPU-bound, so its wall time moves with whatever else the VM is given from one
 * minute to the next; the CPU it used moves far less, which makes it the steadier figure for
 * comparing two builds. NaN where /proc/stat cannot be read.
 */
import { readFileSync } from 'node:fs';

/** USER_HZ: /proc/stat counts in hundredths of a second on Linux. */
export const TICKS_PER_SECOND = 100;

export function machineCpuSeconds(): number {
  try {
    const total = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [user, nice, system, , , irq, softirq] = total.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq!) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
