// A tap on "Download full message" in a large mailbox: the plan keeps only the bodies the user
// asked for. No headers of new mail, no other body, nothing deleted on the server; the next
// ordinary sync does the rest.
import type { SyncPlan } from '../../../../../shared/sync/index.ts';

export function onlyFetchUids(plan: SyncPlan, uids: readonly string[]): SyncPlan {
  const wanted = new Set(uids);
  return { ...plan, headers: [], bodies: plan.bodies.filter((m) => wanted.has(m.uid)), deferred: [], deletions: [] };
}
