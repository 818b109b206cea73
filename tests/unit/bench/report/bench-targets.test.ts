import { describe, expect, it } from 'vitest';
import { checkTargets } from '../../../bench/report/bench-targets.ts';
import { summariseClient } from '../../../bench/report/bench-result.ts';
import { profile, result, run } from './bench-report-fixture.ts';

describe('summariseClient', () => {
  it('takes medians over a client’s runs and says whether all were clean', () => {
    const p = profile('x', [run('mpop', 3), run('mpop', 1, { ok: false }), run('mpop', 2)]);
    expect(summariseClient(p, 'mpop')).toMatchObject({ runs: 3, seconds: 2, wireBytes: 10_000, allOk: false });
    expect(summariseClient(p, 'fetchmail')).toBeUndefined();
  });
});

describe('checkTargets', () => {
  it('passes the 8 Mbit/s targets when listing takes ≤ 3 s and storing ≤ 0.75× mpop', () => {
    const checks = checkTargets(result([profile('rtt100-8mbit', [run('satchel', 7, { listedSeconds: 2 }), run('mpop', 10)])]));
    expect(checks.filter((c) => c.profile === 'rtt100-8mbit').map((c) => c.verdict)).toEqual(['pass', 'pass']);
  });

  it('fails storing slower than 0.75× mpop, and marks profiles that did not run as not measured', () => {
    const checks = checkTargets(result([profile('rtt100-8mbit', [run('satchel', 8, { listedSeconds: 4 }), run('mpop', 10)])]));
    expect(checks.map((c) => c.verdict)).toEqual(['fail', 'fail', 'not measured', 'not measured', 'not measured']);
  });

  it('judges loopback on the medians and lists the ratio of each run, Satchel and mpop taking turns', () => {
    const runs = [run('satchel', 5), run('mpop', 2), run('satchel', 6), run('mpop', 3.5), run('satchel', 4), run('mpop', 2.5)];
    const check = checkTargets(result([profile('loopback', runs)])).find((c) => c.profile === 'loopback');
    expect(check).toMatchObject({ verdict: 'pass', measured: '5.00 s / 2.50 s = 2.00× (medians); run by run 2.50×, 1.71×, 1.60×' });
  });

  it('fails the outage target when any byte of the cut message was downloaded twice', () => {
    const checks = checkTargets(result([profile('outage-cut', [run('satchel', 30, { refetchedBytes: 512 })])]));
    expect(checks.find((c) => c.profile === 'outage-cut')).toMatchObject({ verdict: 'fail', measured: 'lost 0, dup 0, trunc 0, refetched 512 B' });
  });

  it('passes the outage target for the app when one session carried the sync, saying what was in flight at the cut', () => {
    const app = { sessions: 1, resumes: 1, resentBytes: 4096, replayedBytes: 9000, serverBytesDown: 10_000, refetchedFromServer: 0, notComplete: 0, syncErrors: [], pageErrors: [] };
    const checks = checkTargets(result([profile('outage-cut', [run('satchel', 30, { refetchedBytes: 0, app })])]));
    expect(checks.find((c) => c.profile === 'outage-cut')).toMatchObject({ verdict: 'pass', measured: 'lost 0, dup 0, trunc 0, refetched 0 B (4096 B in flight at the drops sent again, never received)' });
  });

  it('fails the outage target when the refetched bytes are unknown (a second session without a clean run to compare)', () => {
    const checks = checkTargets(result([profile('outage-cut', [run('satchel', 30, { refetchedBytes: Number.NaN })])]));
    expect(checks.find((c) => c.profile === 'outage-cut')?.verdict).toBe('fail');
  });
});
