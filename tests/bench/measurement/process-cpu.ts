/**
 * CPU seconds per part of the bench while a run is timed (Chromium's browser, renderer and
 * network service, the app's bridge, Dovecot, the bench itself), from /proc/<pid>/stat before
 * and after. On the 2-core machine every part's CPU counts against the app's time, and
 * machine-cpu.ts only gives the sum; this says which part an A/B moved without a profiler.
 *
 * A process that started during the run counts whole. One that exited counts only when a
 * process sampled both times reaped it (its cutime): Dovecot's master reaps its pop3 processes,
 * the bench reaps mpop and fetchmail. What nobody reaped, and the kernel's interrupt time, is
 * left out; the machine-wide figure still has it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { machineCpuSeconds, TICKS_PER_SECOND } from './machine-cpu.ts';
import { median } from '../report/median.ts';

export interface ProcessSample {
  pid: number;
  ppid: number;
  /** The kernel's name for the process (its main thread's comm). */
  comm: string;
  /** R, S, D, Z (exited, not yet reaped), … */
  state: string;
  /** argv, NUL-separated in /proc; empty for kernel threads. */
  argv: string[];
  /** utime + stime, in ticks. */
  ticks: number;
  /** cutime + cstime: children it has waited for, in ticks. */
  childTicks: number;
  /** Ticks after boot at which it started: with the pid, who it is (a kworker's comm changes). */
  startTicks: number;
}

export type ProcessTable = Map<number, ProcessSample>;

/** One line of /proc/<pid>/stat. comm sits in parentheses and may hold spaces or ')'. */
export function parseProcStat(line: string): Omit<ProcessSample, 'argv'> | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(line.slice(0, open).trim());
  // Fields after comm, from field 3 (state) on: ppid is field 4, utime 14 … cstime 17, starttime 22.
  const rest = line.slice(close + 2).split(' ');
  const field = (n: number) => Number(rest[n - 3]);
  const [ppid, utime, stime, cutime, cstime, startTicks] = [field(4), field(14), field(15), field(16), field(17), field(22)];
  if (![pid, ppid, utime, stime, cutime, cstime, startTicks].every(Number.isFinite)) return null;
  return { pid, ppid, comm: line.slice(open + 1, close), state: rest[0] ?? '', ticks: utime + stime, childTicks: cutime + cstime, startTicks };
}

/** Every process visible now; empty where /proc cannot be read. */
export function sampleProcesses(): ProcessTable {
  const table: ProcessTable = new Map();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return table;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parsed = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (parsed === null) continue;
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      table.set(parsed.pid, { ...parsed, argv });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return table;
}

/** Which part of the bench a process is, by what it runs. */
export function partOf(process: Pick<ProcessSample, 'pid' | 'comm' | 'argv'>, benchPid: number): string {
  const { comm } = process;
  if (process.pid === benchPid) return 'bench (emulator threads, DevTools)';
  if (process.argv.length === 0) return 'kernel threads';
  // Chromium's children rewrite their title: the whole command line in one string.
  const argv = process.argv.flatMap((arg) => arg.split(' '));
  const program = argv[0]!;
  if (/(^|\/)chrom(e|ium)$/.test(program) || comm === 'chromium') {
    const type = argv.find((arg) => arg.startsWith('--type='))?.slice('--type='.length);
    if (type === undefined) return 'Chromium browser';
    if (type === 'renderer') return 'Chromium renderer';
    if (type === 'utility' && argv.some((arg) => arg.includes('NetworkService'))) return 'Chromium network service';
    return 'Chromium other';
  }
  if (argv.some((arg) => arg.includes('app-bridge-process'))) return 'bridge';
  if (comm === 'dovecot' || program.startsWith('dovecot/') || program.endsWith('/dovecot')) return 'Dovecot';
  return 'other';
}

/** An exited child not yet reaped (a zombie) has no command line left: it is its parent's part. */
function partIn(table: ProcessTable, process: ProcessSample, benchPid: number): string {
  const parent = table.get(process.ppid);
  if (process.state === 'Z' && parent !== undefined) return parent.pid === benchPid ? 'reference client (reaped by the bench)' : partOf(parent, benchPid);
  return partOf(process, benchPid);
}

/**
 * CPU seconds per part between two samples. A part's children reaped in between count for
 * the part, except the bench's: those are the reference clients it ran.
 */
export function cpuByPart(before: ProcessTable, after: ProcessTable, benchPid: number): Record<string, number> {
  const parts: Record<string, number> = {};
  const add = (part: string, ticks: number) => {
    if (ticks > 0) parts[part] = (parts[part] ?? 0) + ticks / TICKS_PER_SECOND;
  };
  // A child that exited in between brings its whole life into its parent's cutime: take off
  // what it had used by the first sample.
  const countedBefore = new Map<number, number>();
  for (const then of before.values()) {
    if (!after.has(then.pid)) countedBefore.set(then.ppid, (countedBefore.get(then.ppid) ?? 0) + then.ticks);
  }
  for (const now of after.values()) {
    const then = before.get(now.pid);
    // A pid reused by a new process is not the one sampled before.
    const same = then !== undefined && then.startTicks === now.startTicks;
    const part = partIn(after, now, benchPid);
    add(part, now.ticks - (same ? then.ticks : 0));
    const reaped = now.childTicks - (same ? then.childTicks : 0) - (same ? (countedBefore.get(now.pid) ?? 0) : 0);
    add(now.pid === benchPid ? 'reference client (reaped by the bench)' : part, reaped);
  }
  return parts;
}

/** "Chromium renderer 2.85, bridge 1.13, …", largest first; parts under 0.01 s left out. */
export function formatCpuByPart(parts: Record<string, number>): string {
  return Object.entries(parts)
    .filter(([, seconds]) => seconds >= 0.01)
    .sort(([, a], [, b]) => b - a)
    .map(([part, seconds]) => `${part} ${seconds.toFixed(2)}`)
    .join(', ');
}

type AttemptsWithParts = ReadonlyArray<{ cpuByPart?: Record<string, number> }>;

/** A run's parts, its attempts summed; null when no attempt has them (results from before process-cpu.ts). */
export function sumCpuByPart(attempts: AttemptsWithParts): Record<string, number> | null {
  if (!attempts.some((attempt) => attempt.cpuByPart !== undefined)) return null;
  const summed: Record<string, number> = {};
  for (const attempt of attempts) for (const [part, seconds] of Object.entries(attempt.cpuByPart ?? {})) summed[part] = (summed[part] ?? 0) + seconds;
  return summed;
}

/** Each part's median over runs (sumCpuByPart each); a part missing from a run counts 0 there. null when no run has them. */
export function medianCpuByPart(runs: ReadonlyArray<{ attempts: AttemptsWithParts }>): Record<string, number> | null {
  const perRun = runs.map((run) => sumCpuByPart(run.attempts)).filter((parts) => parts !== null);
  if (perRun.length === 0) return null;
  const parts = new Set(perRun.flatMap((run) => Object.keys(run)));
  return Object.fromEntries([...parts].map((part) => [part, median(perRun.map((run) => run[part] ?? 0))]));
}

/**
 * Starts measuring a timed run: stop() gives the machine-wide CPU seconds (machine-cpu.ts) and
 * the same time by part, both from this call. The /proc walk (a few ms) is done before the
 * machine figure starts and after it ends, so neither counts it.
 */
export function startCpuMeter(benchPid: number): { stop: () => { machineCpuSeconds: number; cpuByPart: Record<string, number> } } {
  const processes = sampleProcesses();
  const machineAtStart = machineCpuSeconds();
  return {
    stop: () => {
      const machine = machineCpuSeconds() - machineAtStart;
      return { machineCpuSeconds: machine, cpuByPart: cpuByPart(processes, sampleProcesses(), benchPid) };
    },
  };
}
