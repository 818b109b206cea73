// Decides which committed messages the account's policy removes from the server.
// Safety first: anything short of a whole, committed, size-matching copy stays on the server.
import type { AccountPolicy, LedgerEntry, ServerMessage } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export function policyDeletes(policy: AccountPolicy, server: ServerMessage, entry: LedgerEntry | undefined, now: number): boolean {
  // DESIGN.md invariant 2: DELE only what is committed whole. A 'header' entry holds TOP n only.
  if (entry === undefined || entry.state !== 'complete') return false;
  // The size was checked against LIST when it was stored (DESIGN.md invariant 1). A different size now
  // means the server reused the UIDL for other mail, so our copy is not a copy of this one.
  if (entry.size !== server.size) return false;
  switch (policy.kind) {
    case 'leave':
      return false;
    case 'delete-after-days':
      return now - entry.storedAt >= policy.days * DAY_MS;
    case 'delete-when-deleted-here':
      return entry.deletedLocally;
  }
}
