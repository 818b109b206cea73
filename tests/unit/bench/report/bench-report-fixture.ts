import type { BenchResult, ClientRunRecord, ProfileResult } from '../../../bench/report/bench-result.ts';

const clean = { expected: 300, delivered: 300, lost: 0, duplicated: 0, truncated: 0 };

export function run(client: ClientRunRecord['client'], seconds: number, extra: Partial<ClientRunRecord> = {}): ClientRunRecord {
  return { client, seconds, wireBytes: { up: 1000, down: 9000 }, attempts: [{ exitCode: 0, signal: null, seconds, outputTail: '' }], audit: clean, ok: true, ...extra };
}

export function profile(name: string, runs: ClientRunRecord[], extra: Partial<ProfileResult> = {}): ProfileResult {
  return { profile: name, label: name, rttMs: 100, bandwidthBitsPerSecond: 8e6, messages: 300, rawMailboxBytes: 10_000, physicalLimitSeconds: 10.5, runs, ...extra };
}

export function result(profiles: ProfileResult[]): BenchResult {
  return { startedAt: '2026-01-01T00:00:00.000Z', quick: true, runsPerProfile: 1, satchelMode: 'Node test', environment: {}, mailbox: { seed: 4, largeEvery: 250, counts: [300] }, profiles };
}
