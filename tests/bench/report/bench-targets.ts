/**
 * The targets of DESIGN.md "Targets", checked against a bench result. They are stated for 2,000 messages;
 * a --quick run checks them on its smaller mailbox and says so.
 */
import { summariseClient, type BenchResult, type ProfileResult } from './bench-result.ts';

export interface TargetCheck {
  target: string;
  profile: string;
  measured: string;
  verdict: 'pass' | 'fail' | 'not measured';
}

function find(result: BenchResult, name: string): ProfileResult | undefined {
  return result.profiles.find((profile) => profile.profile === name);
}

const s = (seconds: number) => `${seconds.toFixed(2)} s`;

export function checkTargets(result: BenchResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const add = (target: string, profile: string, measure: (p: ProfileResult) => { measured: string; pass: boolean } | undefined) => {
    const p = find(result, profile);
    const outcome = p ? measure(p) : undefined;
    checks.push(outcome
      ? { target, profile, measured: outcome.measured, verdict: outcome.pass ? 'pass' : 'fail' }
      : { target, profile, measured: '–', verdict: 'not measured' });
  };

  add('every message listed within 3 s', 'rtt100-8mbit', (p) => {
    const satchel = summariseClient(p, 'satchel');
    if (satchel?.listedSeconds === undefined) return undefined;
    return { measured: s(satchel.listedSeconds), pass: satchel.listedSeconds <= 3 };
  });
  add('every message stored in ≤ 0.75× mpop', 'rtt100-8mbit', (p) => ratio(p, 0.75));
  add('loopback: ≤ 2× mpop, storage included', 'loopback', (p) => ratio(p, 2));
  add('outage + cut: 0 lost, 0 duplicated, 0 truncated, no byte fetched twice', 'outage-cut', (p) => {
    const runs = p.runs.filter((run) => run.client === 'satchel');
    if (runs.length === 0) return undefined;
    const lost = Math.max(...runs.map((run) => run.audit.lost));
    const duplicated = Math.max(...runs.map((run) => run.audit.duplicated));
    const truncated = Math.max(...runs.map((run) => run.audit.truncated));
    // NaN (unknown) propagates through Math.max and fails the target.
    const refetched = Math.max(...runs.map((run) => run.refetchedBytes ?? 0));
    const resent = Math.max(...runs.map((run) => run.app?.resentBytes ?? 0));
    const inFlight = runs.some((run) => run.app) ? ` (${resent} B in flight at the drops sent again, never received)` : '';
    return {
      measured: `lost ${lost}, dup ${duplicated}, trunc ${truncated}, refetched ${refetched} B${inFlight}`,
      pass: lost === 0 && duplicated === 0 && truncated === 0 && refetched === 0,
    };
  });
  add('600 ms RTT + 1 Mbit/s: every message listed within 10 s', 'satellite', (p) => {
    const satchel = summariseClient(p, 'satchel');
    if (satchel?.listedSeconds === undefined) return undefined;
    return { measured: s(satchel.listedSeconds), pass: satchel.listedSeconds <= 10 };
  });
  return checks;
}

function ratio(p: ProfileResult, limit: number): { measured: string; pass: boolean } | undefined {
  const satchel = summariseClient(p, 'satchel');
  const mpop = summariseClient(p, 'mpop');
  if (!satchel || !mpop) return undefined;
  const value = satchel.seconds / mpop.seconds;
  const pairs = runPairs(p);
  const each = pairs.length > 1 ? `; run by run ${pairs.map((r) => `${r.toFixed(2)}×`).join(', ')}` : '';
  return { measured: `${s(satchel.seconds)} / ${s(mpop.seconds)} = ${value.toFixed(2)}× (medians)${each}`, pass: value <= limit && satchel.allOk };
}

/** Satchel's time over mpop's for each run: the two clients take turns, so the machine's state is shared most closely within a run. */
function runPairs(p: ProfileResult): number[] {
  const satchel = p.runs.filter((run) => run.client === 'satchel');
  const mpop = p.runs.filter((run) => run.client === 'mpop');
  return satchel.slice(0, mpop.length).map((run, i) => run.seconds / mpop[i]!.seconds);
}
