/** The shape of tests/bench/results/<timestamp>.json, and the per-profile medians. */
import type { ClientName } from '../bench-args.ts';
import type { DeliveryAudit } from '../measurement/delivery-audit.ts';
import { median } from './median.ts';

export interface ClientAttemptRecord {
  exitCode: number | null;
  signal: string | null;
  seconds: number;
  outputTail: string;
  /** CPU seconds the whole machine used while this attempt was timed (machine-cpu.ts). */
  machineCpuSeconds?: number;
  /** CPU seconds per part of the bench over the same time (process-cpu.ts). */
  cpuByPart?: Record<string, number>;
}

export interface ClientRunRecord {
  client: ClientName;
  /** End to end, every attempt and pause included. */
  seconds: number;
  /** Satchel only: until every message's headers were in. */
  listedSeconds?: number;
  /** Bytes through the emulator, both directions, TLS (and for Satchel WebSocket framing and deflate) included. */
  wireBytes: { up: number; down: number };
  /** Satchel only: POP3 bytes after inflating. */
  rawDownBytes?: number;
  attempts: ClientAttemptRecord[];
  audit: DeliveryAudit;
  /** Satchel only: bytes of partially received answers that had to be fetched again. */
  refetchedBytes?: number;
  /** Satchel in Chromium (--satchel=app) only: what the bridge and IndexedDB said about the run. */
  app?: SatchelAppDetails;
  /** Milliseconds to write and fsync 200 files of 52 kB just before this run (disk-flush-probe.ts). */
  diskFlushMs?: number;
  /** Whether the client ended with exit 0 (or fetchmail's 1) and every message delivered exactly once. */
  ok: boolean;
}

export interface SatchelAppDetails {
  /** POP3 sessions the bridge opened to the server (tunnel-ready); 1 when resumption carried the sync. */
  sessions: number;
  /** Times the browser resumed a parked session (tunnel-resumed). */
  resumes: number;
  /** Bytes the bridge had sent before a drop that the browser never received, sent again on resume. */
  resentBytes: number;
  /** Bytes sent on resume: resentBytes plus what the bridge read from the server while parked. */
  replayedBytes: number;
  /** POP3 bytes the bridge read from the server (tunnel-closed bytesDown, summed). */
  serverBytesDown: number;
  /** Of the POP3 bytes the bridge sent to the browser (replays included), those it deflated and those it sent plain (adaptive compression). */
  bytesDownDeflated?: number;
  bytesDownPlain?: number;
  /** Bytes the server sent twice (a new session re-issuing RETR): 0 with one session. NaN: unknown. */
  refetchedFromServer: number;
  /** Emulator down bytes beyond an uninterrupted run of the same mailbox in the same bench. */
  extraWireDownBytes?: number;
  cutFired?: boolean;
  /** Whether the cut message was already stored whole when the cut fired (then the cut missed it). */
  cutMessageStoredAtCut?: boolean | null;
  stalled?: boolean;
  /**
   * Seconds from the click until the app's progress bar first showed each phase (polled with
   * the counts, so late by up to a poll); "headers done" = every header received and parsed.
   */
  timeline?: Record<string, number>;
  /** Message records not in state complete at the end. */
  notComplete: number;
  syncErrors: string[];
  pageErrors: string[];
}

export interface ProfileResult {
  profile: string;
  label: string;
  rttMs: number;
  bandwidthBitsPerSecond: number | null;
  messages: number;
  /** POP3 bytes for a whole download (every RETR answer), measured over plain TCP at start. */
  rawMailboxBytes: number;
  physicalLimitSeconds: number | null;
  runs: ClientRunRecord[];
  faults?: { stallAtBytes: number; stallMs: number; cutMessage: number; cutAtBytes: number };
}

export interface BenchResult {
  startedAt: string;
  quick: boolean;
  runsPerProfile: number;
  /** How the Satchel slot ran, said plainly: the app in Chromium, or one of the Node stand-ins. */
  satchelMode: string;
  environment: Record<string, string>;
  mailbox: { seed: number; shape?: string; largeEvery?: number; counts: number[] };
  profiles: ProfileResult[];
}

export interface ClientSummary {
  runs: number;
  seconds: number;
  listedSeconds?: number;
  wireBytes?: number;
  rawDownBytes?: number;
  allOk: boolean;
}

/** Medians over the runs of one client in one profile; undefined when it did not run. */
export function summariseClient(profile: ProfileResult, client: ClientName): ClientSummary | undefined {
  const runs = profile.runs.filter((run) => run.client === client);
  if (runs.length === 0) return undefined;
  const listed = runs.map((run) => run.listedSeconds).filter((value): value is number => value !== undefined);
  const raw = runs.map((run) => run.rawDownBytes).filter((value): value is number => value !== undefined);
  return {
    runs: runs.length,
    seconds: median(runs.map((run) => run.seconds)),
    ...(listed.length > 0 ? { listedSeconds: median(listed) } : {}),
    wireBytes: median(runs.map((run) => run.wireBytes.up + run.wireBytes.down)),
    ...(raw.length > 0 ? { rawDownBytes: median(raw) } : {}),
    allOk: runs.every((run) => run.ok),
  };
}
