// Rejects inputs the planner cannot reason about. A bad listing must fail loudly rather than
// produce a plan: a wrong message number in a DELE deletes someone else's mail (DESIGN.md invariant 8).
import { SyncPlanError } from './sync-plan-error.ts';
import type { AccountPolicy, Ledger, PlanOptions, ServerMessage } from './types.ts';

// RFC 1939 §7's 1 to 70 characters in 0x21-0x7E bind servers, and real ones send longer ids,
// spaces and 8-bit bytes (shared/pop3 reads them one character per byte). Any non-empty id
// without control characters keys a message safely: it is never sent back to the server.
const UIDL_PATTERN = /^[^\x00-\x1f\x7f]+$/;

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

export function validateListing(listing: readonly ServerMessage[]): void {
  const seen = new Set<number>();
  for (const { msg, uid, size } of listing) {
    if (!Number.isSafeInteger(msg) || msg < 1) throw new SyncPlanError('SYNC_ERR_INVALID_MSG', `Message number ${String(msg)} is not a positive integer.`);
    if (seen.has(msg)) throw new SyncPlanError('SYNC_ERR_DUPLICATE_MSG', `Message number ${msg} is listed twice.`);
    seen.add(msg);
    if (!isCount(size)) throw new SyncPlanError('SYNC_ERR_INVALID_SIZE', `Message ${msg} has size ${String(size)}.`);
    if (typeof uid !== 'string' || !UIDL_PATTERN.test(uid)) throw new SyncPlanError('SYNC_ERR_INVALID_UID', `Message ${msg} has an invalid UIDL.`);
  }
}

export function validateLedger(ledger: Ledger): void {
  for (const [uid, entry] of ledger) {
    const valid = entry.uid === uid
      && (entry.state === 'header' || entry.state === 'complete')
      && isCount(entry.size)
      && Number.isFinite(entry.storedAt)
      && typeof entry.deletedLocally === 'boolean'
      && (entry.fetchFailure === undefined || (typeof entry.fetchFailure.code === 'string' && isCount(entry.fetchFailure.attempts) && Number.isFinite(entry.fetchFailure.lastAt)));
    if (!valid) throw new SyncPlanError('SYNC_ERR_INVALID_LEDGER', 'A ledger entry is malformed or filed under another UIDL.');
  }
}

export function validateOptions(policy: AccountPolicy, options: PlanOptions): void {
  const problems: string[] = [];
  if (policy.kind === 'delete-after-days' && !(Number.isFinite(policy.days) && policy.days >= 0)) problems.push('policy.days');
  if (!['leave', 'delete-after-days', 'delete-when-deleted-here'].includes(policy.kind)) problems.push('policy.kind');
  if (!Number.isFinite(options.now)) problems.push('now');
  if (!isCount(options.previewLines)) problems.push('previewLines');
  if (options.headersFirstAbove !== undefined && !isCount(options.headersFirstAbove)) problems.push('headersFirstAbove');
  if (options.maxAutoDownloadSize !== null && !isCount(options.maxAutoDownloadSize)) problems.push('maxAutoDownloadSize');
  if (options.byteBudget !== null && !isCount(options.byteBudget)) problems.push('byteBudget');
  if (options.forceBodies !== undefined && !(Array.isArray(options.forceBodies) && options.forceBodies.every((uid) => typeof uid === 'string'))) problems.push('forceBodies');
  if (problems.length > 0) throw new SyncPlanError('SYNC_ERR_INVALID_OPTIONS', `Invalid sync options: ${problems.join(', ')}.`);
}
