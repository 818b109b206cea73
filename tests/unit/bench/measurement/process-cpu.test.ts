import { describe, expect, it } from 'vitest';
import { cpuByPart, formatCpuByPart, medianCpuByPart, parseProcStat, partOf, sampleProcesses, type ProcessSample, type ProcessTable } from '../../../bench/measurement/process-cpu.ts';

const BENCH = 100;

function proc(pid: number, argv: string[], ticks: number, childTicks = 0, comm = argv[0]?.split('/').at(-1) ?? 'kworker/0:1', startTicks = 1): ProcessSample {
  return { pid, ppid: 1, comm, state: 'S', argv, ticks, childTicks, startTicks };
}

function table(...processes: ProcessSample[]): ProcessTable {
  return new Map(processes.map((p) => [p.pid, p]));
}

describe('parseProcStat', () => {
  it('reads ppid and CPU ticks after a comm that holds spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
    const line = '4242 (Web Content (x)) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 12 0 900 0 0';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 17, comm: 'Web Content (x)', state: 'S', ticks: 300, childTicks: 10, startTicks: 900 });
  });

  it('refuses a line without a comm', () => {
    expect(parseProcStat('garbage')).toBeNull();
  });
});

describe('partOf', () => {
  it("tells Chromium's processes apart by --type", () => {
    expect(partOf(proc(1, ['/usr/lib/chromium/chromium', '--headless'], 0), BENCH)).toBe('Chromium browser');
    expect(partOf(proc(2, ['/usr/lib/chromium/chromium', '--type=renderer'], 0), BENCH)).toBe('Chromium renderer');
    expect(partOf(proc(3, ['/usr/lib/chromium/chromium', '--type=utility', '--utility-sub-type=network.mojom.NetworkService'], 0), BENCH)).toBe('Chromium network service');
    expect(partOf(proc(4, ['/usr/lib/chromium/chromium', '--type=zygote'], 0), BENCH)).toBe('Chromium other');
    expect(partOf(proc(12, ['/usr/lib/chromium/chromium --type=renderer --enable-features=x'], 0), BENCH)).toBe('Chromium renderer');
  });

  it('knows the bridge, Dovecot, the bench and kernel threads', () => {
    expect(partOf(proc(5, ['node', '--import', 'tsx', '/work/tests/bench/clients/app-bridge-process.ts'], 0), BENCH)).toBe('bridge');
    expect(partOf(proc(6, ['dovecot/pop3-login'], 0, 0, 'pop3-login'), BENCH)).toBe('Dovecot');
    expect(partOf(proc(7, ['/usr/sbin/dovecot', '-F', '-c', 'x.conf'], 0), BENCH)).toBe('Dovecot');
    expect(partOf(proc(BENCH, ['node', 'run-bench.ts'], 0), BENCH)).toContain('bench');
    expect(partOf(proc(8, [], 0, 0, 'kworker/u8:2'), BENCH)).toBe('kernel threads');
    expect(partOf(proc(9, ['/usr/bin/python3'], 0), BENCH)).toBe('other');
  });
});

describe('cpuByPart', () => {
  it('adds what each process used in between, by part, and a new process whole', () => {
    const before = table(proc(2, ['/usr/lib/chromium/chromium', '--type=renderer'], 1_000), proc(5, ['node', 'app-bridge-process.ts'], 300));
    const after = table(
      proc(2, ['/usr/lib/chromium/chromium', '--type=renderer'], 1_285),
      proc(5, ['node', 'app-bridge-process.ts'], 413),
      proc(11, ['/usr/lib/chromium/chromium', '--type=renderer'], 15),
    );
    const parts = cpuByPart(before, after, BENCH);
    expect(parts['Chromium renderer']).toBeCloseTo(3.0, 5);
    expect(parts.bridge).toBeCloseTo(1.13, 5);
  });

  it("counts reaped children for their parent's part, and the bench's as the reference client", () => {
    const before = table(proc(7, ['/usr/sbin/dovecot'], 10, 500), proc(BENCH, ['node', 'run-bench.ts'], 2_000, 40));
    const after = table(proc(7, ['/usr/sbin/dovecot'], 11, 571), proc(BENCH, ['node', 'run-bench.ts'], 2_030, 230));
    const parts = cpuByPart(before, after, BENCH);
    expect(parts.Dovecot).toBeCloseTo(0.72, 5);
    expect(parts['reference client (reaped by the bench)']).toBeCloseTo(1.9, 5);
    expect(parts['bench (emulator threads, DevTools)']).toBeCloseTo(0.3, 5);
  });

  it('takes a pid reused by a process started later as a new process', () => {
    const before = table(proc(9, ['/usr/bin/python3'], 5_000));
    const after = table(proc(9, ['dovecot/pop3'], 20, 0, 'pop3', 7_000));
    expect(cpuByPart(before, after, BENCH)).toEqual({ Dovecot: 0.2 });
  });

  it("follows a kernel worker whose name changes with its work queue", () => {
    const kthreadd = proc(2, [], 50, 0, 'kthreadd');
    const before = table(kthreadd, { ...proc(35, [], 9_000, 0, 'kworker/u8:2-events_unbound'), ppid: 2 });
    const after = table(kthreadd, { ...proc(35, [], 9_012, 0, 'kworker/u8:2-flush-254:0'), ppid: 2 });
    expect(cpuByPart(before, after, BENCH)).toEqual({ 'kernel threads': 0.12 });
  });

  it("counts a child that exited but is not reaped yet for its parent's part", () => {
    const before = table(proc(7, ['/usr/sbin/dovecot'], 10));
    const after = table(proc(7, ['/usr/sbin/dovecot'], 10), { ...proc(71, [], 45, 0, 'pop3'), ppid: 7, state: 'Z' });
    expect(cpuByPart(before, after, BENCH)).toEqual({ Dovecot: 0.45 });
  });

  it('does not count again what an exited child had used before the first sample', () => {
    const before = table(proc(7, ['/usr/sbin/dovecot'], 10, 500), { ...proc(70, ['dovecot/pop3'], 300, 0, 'pop3'), ppid: 7 });
    const after = table(proc(7, ['/usr/sbin/dovecot'], 10, 830));
    expect(cpuByPart(before, after, BENCH).Dovecot).toBeCloseTo(0.3, 5);
  });

  it('sees this process burn CPU between two real samples', () => {
    const before = sampleProcesses();
    const started = process.cpuUsage();
    let x = 0;
    while (process.cpuUsage(started).user < 300_000) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    const parts = cpuByPart(before, sampleProcesses(), process.pid);
    expect(parts['bench (emulator threads, DevTools)']).toBeGreaterThanOrEqual(0.25);
  });
});

describe('medianCpuByPart and formatCpuByPart', () => {
  it('takes each part’s median over runs, a missing part counting 0, and prints the largest first', () => {
    const runs: Array<{ attempts: Array<{ cpuByPart: Record<string, number> }> }> = [
      { attempts: [{ cpuByPart: { bridge: 1.2, Dovecot: 0.7 } }] },
      { attempts: [{ cpuByPart: { bridge: 1.0 } }, { cpuByPart: { bridge: 0.1, Dovecot: 0.6 } }] },
      { attempts: [{ cpuByPart: { bridge: 1.4, Dovecot: 0.8, other: 0.004 } }] },
    ];
    const medians = medianCpuByPart(runs)!;
    expect(medians.bridge).toBeCloseTo(1.2, 5);
    expect(medians.Dovecot).toBeCloseTo(0.7, 5);
    expect(formatCpuByPart(medians)).toBe('bridge 1.20, Dovecot 0.70');
  });

  it('is null for results from before the figures existed', () => {
    expect(medianCpuByPart([{ attempts: [{}] }])).toBeNull();
  });
});
