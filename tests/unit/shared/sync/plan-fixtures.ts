// Builders shared by the planner tests: sensible defaults, overridden per test.
import type { LedgerEntry, PlanOptions } from '../../../../shared/sync/index.ts';

export const NOW = Date.UTC(2025, 0, 31);
export const DAY_MS = 86_400_000;

export function options(overrides: Partial<PlanOptions> = {}): PlanOptions {
  return {
    now: NOW,
    storagePersistent: true,
    headersFirst: true,
    previewLines: 5,
    maxAutoDownloadSize: null,
    byteBudget: null,
    unmetered: false,
    ...overrides,
  };
}

export function entry(uid: string, overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return { uid, state: 'complete', size: 100, storedAt: NOW - DAY_MS, deletedLocally: false, ...overrides };
}

export function ledgerOf(...entries: LedgerEntry[]): Map<string, LedgerEntry> {
  return new Map(entries.map((e) => [e.uid, e]));
}
