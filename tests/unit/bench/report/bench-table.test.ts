import { describe, expect, it } from 'vitest';
import { formatBytes, formatSeconds, renderBenchTable } from '../../../bench/report/bench-table.ts';
import { profile, result, run } from './bench-report-fixture.ts';

describe('formatting', () => {
  it('writes seconds with two decimals below 10 s and one above, and bytes in SI units', () => {
    expect(formatSeconds(2.345)).toBe('2.35 s');
    expect(formatSeconds(62.94)).toBe('62.9 s');
    expect(formatSeconds(undefined)).toBe('–');
    expect(formatBytes(101_900_000)).toBe('101.9 MB');
    expect(formatBytes(1500)).toBe('1.5 kB');
  });
});

describe('renderBenchTable', () => {
  const table = renderBenchTable(result([
    profile('rtt100-8mbit', [run('satchel', 7, { listedSeconds: 2 }), run('mpop', 10), run('fetchmail', 60, { ok: false })]),
    profile('outage-cut', [run('mpop', 30, { attempts: [{ exitCode: 1, signal: null, seconds: 5, outputTail: '' }, { exitCode: 0, signal: null, seconds: 25, outputTail: '' }] })], {
      faults: { stallAtBytes: 2500, stallMs: 20_000, cutMessage: 250, cutAtBytes: 5000 },
    }),
  ]));

  it('gives one row per profile with Satchel, the physical limit and both reference clients', () => {
    expect(table).toContain('| rtt100-8mbit | 300 | 2.00 s | 7.00 s | 10.0 kB (1.00× raw) | 10.0 kB | 10.5 s | 10.0 s | 60.0 s ⚠ | 10.0 kB |');
  });

  it('says what each client did in a faulted profile', () => {
    expect(table).toContain('hard cut in the middle of message 250');
    expect(table).toContain('- mpop: 2 attempt(s), exit 1, 0; 300/300 delivered, lost 0, duplicated 0, truncated 0; 30.0 s');
  });

  it('ends with the targets and their verdicts', () => {
    expect(table).toContain('| every message listed within 3 s | rtt100-8mbit | 2.00 s | pass |');
  });

  it('gives the range of machine CPU seconds each client used on loopback, and no line without the figure', () => {
    const attempt = (seconds: number, cpu: number) => [{ exitCode: 0, signal: null, seconds, outputTail: '', machineCpuSeconds: cpu }];
    const runs = [run('satchel', 3.5, { attempts: attempt(3.5, 6.41) }), run('satchel', 3.6, { attempts: attempt(3.6, 6.73) }), run('mpop', 1.7, { attempts: attempt(1.7, 1.92) })];
    expect(renderBenchTable(result([profile('loopback', runs)]))).toContain('every process together: satchel 6.41–6.73 s, mpop 1.92–1.92 s.');
    expect(table).not.toContain('every process together');
  });

  it('lists the median CPU seconds of each part of the bench per client on loopback, and nothing without the figures', () => {
    const attempt = (parts: Record<string, number>) => [{ exitCode: 0, signal: null, seconds: 3, outputTail: '', cpuByPart: parts }];
    const runs = [
      run('satchel', 3.5, { attempts: attempt({ 'Chromium renderer': 2.8, bridge: 1.1 }) }),
      run('satchel', 3.6, { attempts: attempt({ 'Chromium renderer': 3.0, bridge: 1.3 }) }),
      run('mpop', 1.7, { attempts: attempt({ Dovecot: 0.7, 'reference client (reaped by the bench)': 0.9 }) }),
    ];
    const rendered = renderBenchTable(result([profile('loopback', runs)]));
    expect(rendered).toContain('- satchel: Chromium renderer 2.90, bridge 1.20');
    expect(rendered).toContain('- mpop: reference client (reaped by the bench) 0.90, Dovecot 0.70');
    expect(table).not.toContain('by part of the bench');
  });

  it("says how the app's session came through the cut", () => {
    const app = { sessions: 1, resumes: 1, resentBytes: 2_136_623, replayedBytes: 2_136_623, serverBytesDown: 19_423_639, refetchedFromServer: 0, extraWireDownBytes: 412_172, cutFired: true, cutMessageStoredAtCut: false, stalled: true, notComplete: 0, syncErrors: [], pageErrors: [] };
    const faulted = renderBenchTable(result([profile('outage-cut', [run('satchel', 34.6, { refetchedBytes: 0, app })], { faults: { stallAtBytes: 2500, stallMs: 20_000, cutMessage: 249, cutAtBytes: 5000 } })]));
    expect(faulted).toContain('- satchel: 1 attempt(s), exit 0; 300/300 delivered, lost 0, duplicated 0, truncated 0, refetched 0 B; 1 POP3 session(s), 1 resume(s), 2.1 MB in flight at the drops sent again (never received), 412.2 kB more down the link than the uninterrupted run, cut fired before the cut message was stored (cued at its middle); 34.6 s');
  });
});
