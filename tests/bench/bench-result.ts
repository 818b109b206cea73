/** The shape of tests/bench/results/<timestamp>.json, and the per-profile medians. */
import type { ClientName } from './bench-args.ts';
import type { DeliveryAudit } from './delivery-audit.ts';
import { median } from './median.ts';

export interface ClientAttemptRecord {
  exitCode: number | null;
  signal: string | null;
  seconds: number;
  outputTail: string;
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
  /** Whether the client ended with exit 0 (or fetchmail's 1) and every message delivered exactly once. */
  ok: boolean;
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
  /** How the Satchel slot ran; said plainly because it is not yet the real app in Chromium. */
  satchelMode: string;
  environment: Record<string, string>;
  mailbox: { seed: number; largeEvery: number; counts: number[] };
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
