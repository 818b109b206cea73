// The sync planner: pure, no I/O. Given the server's listing, the local ledger and the policy,
// it says what to fetch as headers, what to fetch whole, what to defer and what to delete.
import { policyDeletes } from './deletion-policy.ts';
import { retryDue } from './fetch-backoff.ts';
import type { AccountPolicy, DeferredMessage, Ledger, PlanOptions, PlannedDeletion, PlannedMessage, ServerMessage, SyncPlan } from './types.ts';
import { validateLedger, validateListing, validateOptions } from './validate-plan-input.ts';

/** Throws SyncPlanError on a malformed listing, ledger or options. */
export function planSync(listing: readonly ServerMessage[], ledger: Ledger, policy: AccountPolicy, options: PlanOptions): SyncPlan {
  validateListing(listing);
  validateLedger(ledger);
  validateOptions(policy, options);

  const duplicates = findDuplicateUids(listing);
  // Newest first: POP3 numbers messages in arrival order, so the highest msg is the newest.
  const usable = listing
    .filter((m) => !duplicates.has(m.uid))
    .map(({ msg, uid, size }) => ({ msg, uid, size }))
    .sort((a, b) => b.msg - a.msg);

  const { bodies, deferred } = chooseBodies(usable, ledger, options);
  const deferredUnknown = new Set(deferred.filter((d) => !ledger.has(d.uid)).map((d) => d.uid));
  // Headers first: every unknown message gets TOP n. Otherwise only the deferred ones do,
  // so a message that waits for a tap still shows up in the inbox.
  const headersFirstAbove = options.headersFirstAbove ?? 0;
  const headers = usable.filter((m) => !ledger.has(m.uid) && ((options.headersFirst && m.size > headersFirstAbove) || deferredUnknown.has(m.uid)));

  const wouldDelete = usable.filter((m) => policyDeletes(policy, m, ledger.get(m.uid), options.now));
  const deletions: PlannedDeletion[] = options.storagePersistent ? wouldDelete.map(({ msg, uid }) => ({ msg, uid })) : [];
  // DESIGN.md invariant 2: on storage the browser may evict, the server copy is the backup. Say so
  // whenever the policy is meant to delete, even if nothing is due today.
  const keptOnServerBecause = !options.storagePersistent && policy.kind !== 'leave' ? 'storage-not-persistent' : null;

  return { headers, previewLines: options.previewLines, bodies, deferred, deletions, keptOnServerBecause, duplicates: [...duplicates] };
}

function findDuplicateUids(listing: readonly ServerMessage[]): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { uid } of listing) (seen.has(uid) ? duplicates : seen).add(uid);
  return duplicates;
}

/**
 * `newestFirst` must be sorted by msg descending. Messages whose last fetch failed go after
 * all the others (DESIGN.md invariant 9: one bad message must not stop every older one, sync after
 * sync), and only once their backoff has run out; a tap fetches them at once.
 */
function chooseBodies(newestFirst: readonly PlannedMessage[], ledger: Ledger, options: PlanOptions): { bodies: PlannedMessage[]; deferred: DeferredMessage[] } {
  const budget = options.unmetered ? null : options.byteBudget;
  const bodies: PlannedMessage[] = [];
  const deferred: DeferredMessage[] = [];
  let used = 0;
  let budgetSpent = false;
  const forced = new Set(options.forceBodies ?? []);
  const failing = (m: PlannedMessage): boolean => ledger.get(m.uid)?.fetchFailure !== undefined && !forced.has(m.uid);
  const ordered = [...newestFirst.filter((m) => !failing(m)), ...newestFirst.filter(failing)];
  for (const message of ordered) {
    const entry = ledger.get(message.uid);
    // DESIGN.md invariant 3: a UIDL committed whole is never fetched again. A UIDL the user deleted
    // here is not fetched either: they do not want it, and it is not worth their bytes.
    if (entry !== undefined && (entry.state === 'complete' || entry.deletedLocally)) continue;
    if (entry?.fetchFailure !== undefined && !forced.has(message.uid) && !retryDue(entry.fetchFailure, options.now)) {
      deferred.push({ ...message, reason: 'retry-later' });
      continue;
    }
    // An explicit tap beats size and budget: the user asked for this one, on this link.
    if (forced.has(message.uid)) {
      used += message.size;
      bodies.push(message);
      continue;
    }
    if (options.maxAutoDownloadSize !== null && message.size > options.maxAutoDownloadSize) {
      deferred.push({ ...message, reason: 'too-large' });
      continue;
    }
    // Strict recency: once one body does not fit, older ones wait too, even small ones,
    // so the inbox never has a hole of unfetched recent mail above fetched older mail.
    if (budget !== null && (budgetSpent || used + message.size > budget)) {
      budgetSpent = true;
      deferred.push({ ...message, reason: 'over-budget' });
      continue;
    }
    used += message.size;
    bodies.push(message);
  }
  return { bodies, deferred };
}
