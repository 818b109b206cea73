/** Renders a bench result as the markdown that goes into docs/BENCHMARKS.md and the terminal. */
import { summariseClient, type BenchResult, type ClientRunRecord } from './bench-result.ts';
import { checkTargets } from './bench-targets.ts';
import { formatCpuByPart, medianCpuByPart } from '../measurement/process-cpu.ts';

export function formatSeconds(seconds: number | undefined | null): string {
  if (seconds === undefined || seconds === null || Number.isNaN(seconds)) return '–';
  return seconds < 10 ? `${seconds.toFixed(2)} s` : `${seconds.toFixed(1)} s`;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '–';
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

function clientCell(seconds: number | undefined, ok: boolean | undefined): string {
  if (seconds === undefined) return '–';
  return ok === false ? `${formatSeconds(seconds)} ⚠` : formatSeconds(seconds);
}

function outcome(run: ClientRunRecord): string {
  const exits = run.attempts.map((attempt) => attempt.exitCode ?? attempt.signal ?? '?').join(', ');
  const { delivered, expected, lost, duplicated, truncated } = run.audit;
  const refetched = run.refetchedBytes === undefined ? '' : `, refetched ${Number.isNaN(run.refetchedBytes) ? 'unknown' : formatBytes(run.refetchedBytes)}`;
  const app = run.app;
  const details = app
    ? `; ${app.sessions} POP3 session(s), ${app.resumes} resume(s), ${formatBytes(app.resentBytes)} in flight at the drops sent again (never received), ` +
      `${app.extraWireDownBytes === undefined ? '' : `${formatBytes(app.extraWireDownBytes)} more down the link than the uninterrupted run, `}` +
      `cut ${app.cutFired === false ? 'did not fire' : app.cutMessageStoredAtCut === false ? 'fired before the cut message was stored (cued at its middle)' : 'came after the cut message was stored'}`
    : '';
  return `${run.client}: ${run.attempts.length} attempt(s), exit ${exits}; ${delivered}/${expected} delivered, lost ${lost}, duplicated ${duplicated}, truncated ${truncated}${refetched}${details}; ${formatSeconds(run.seconds)}`;
}

export function renderBenchTable(result: BenchResult): string {
  const lines: string[] = [];
  lines.push(
    `Run ${result.startedAt}${result.quick ? ' (--quick)' : ''}, median of ${result.runsPerProfile} run(s). Satchel slot: ${result.satchelMode}.`,
    '',
    '| link | messages | Satchel listed | Satchel stored | wire bytes (Satchel) | raw POP3 bytes | physical limit | mpop | fetchmail | mpop wire bytes |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const profile of result.profiles) {
    const satchel = summariseClient(profile, 'satchel');
    const mpop = summariseClient(profile, 'mpop');
    const fetchmail = summariseClient(profile, 'fetchmail');
    lines.push(`| ${[
      profile.label,
      String(profile.messages),
      formatSeconds(satchel?.listedSeconds),
      clientCell(satchel?.seconds, satchel?.allOk),
      satchel ? `${formatBytes(satchel.wireBytes)} (${((satchel.wireBytes ?? 0) / profile.rawMailboxBytes).toFixed(2)}× raw)` : '–',
      formatBytes(profile.rawMailboxBytes),
      formatSeconds(profile.physicalLimitSeconds),
      clientCell(mpop?.seconds, mpop?.allOk),
      clientCell(fetchmail?.seconds, fetchmail?.allOk),
      formatBytes(mpop?.wireBytes),
    ].join(' | ')} |`);
  }
  const flagged = result.profiles.some((profile) => profile.runs.some((run) => !run.ok));
  lines.push('');
  if (flagged) lines.push('⚠: at least one run did not end with every message delivered exactly once, or failed (see the JSON).', '');
  const faulted = result.profiles.filter((profile) => profile.faults);
  for (const profile of faulted) {
    const f = profile.faults!;
    lines.push(`**${profile.label}**: stall of ${f.stallMs / 1000} s after ${formatBytes(f.stallAtBytes)}, hard cut in the middle of message ${f.cutMessage} (after ${formatBytes(f.cutAtBytes)} of its mailbox). What each client did:`, '');
    for (const run of profile.runs) lines.push(`- ${outcome(run)}`);
    lines.push('');
  }
  const probed = result.profiles.flatMap((profile) => profile.runs).filter((run) => run.diskFlushMs !== undefined);
  if (probed.length > 0) {
    const range = (client: string) => {
      const ms = probed.filter((run) => run.client === client).map((run) => run.diskFlushMs!);
      return ms.length === 0 ? null : `${client} ${Math.min(...ms).toFixed(0)}–${Math.max(...ms).toFixed(0)} ms`;
    };
    const ranges = ['satchel', 'mpop', 'fetchmail'].map(range).filter((r) => r !== null);
    lines.push(`Disk flush probe just before each run (200 files of 52 kB written and fsynced; mpop fsyncs each message): ${ranges.join(', ')}.`, '');
  }
  const loopback = result.profiles.find((profile) => profile.profile === 'loopback');
  const cpuOf = (run: ClientRunRecord): number => run.attempts.reduce((sum, attempt) => sum + (attempt.machineCpuSeconds ?? Number.NaN), 0);
  const cpuRanges = ['satchel', 'mpop', 'fetchmail'].flatMap((client) => {
    const seconds = (loopback?.runs ?? []).filter((run) => run.client === client).map(cpuOf).filter(Number.isFinite);
    return seconds.length === 0 ? [] : [`${client} ${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)} s`];
  });
  if (cpuRanges.length > 0) lines.push(`Loopback: CPU time the whole machine (2 cores) used while each run was timed, every process together: ${cpuRanges.join(', ')}.`, '');
  const partLines = ['satchel', 'mpop', 'fetchmail'].flatMap((client) => {
    const parts = medianCpuByPart((loopback?.runs ?? []).filter((run) => run.client === client));
    return parts === null ? [] : [`- ${client}: ${formatCpuByPart(parts)}`];
  });
  if (partLines.length > 0) lines.push('Loopback: CPU seconds by part of the bench while each run was timed (medians over the runs; interrupts and unreaped processes are only in the figure above):', '', ...partLines, '');
  lines.push('| target (DESIGN.md) | profile | measured | verdict |', '|---|---|---|---|');
  for (const check of checkTargets(result)) lines.push(`| ${check.target} | ${check.profile} | ${check.measured} | ${check.verdict} |`);
  if (result.quick) lines.push('', 'A --quick run checks the 2,000-message targets on 300 messages: indicative only.');
  return lines.join('\n');
}
