import type { AccountPolicy } from '../../../../shared/sync/index.ts';

/**
 * Invariant 2 in words: a delete policy does nothing until the browser promises to keep our
 * storage, because mail deleted on the server and then evicted here would be gone for good.
 */
export function policyNotice(policy: AccountPolicy, persisted: boolean | null): string | null {
  if (policy.kind === 'leave' || persisted === true) return null;
  return 'This browser has not made storage persistent, so it could clear your mail to free space. Until it does, Satchel leaves all mail on the server and deletes nothing there.';
}

export function describePolicy(policy: AccountPolicy): string {
  switch (policy.kind) {
    case 'leave':
      return 'Leave mail on the server';
    case 'delete-after-days':
      return `Delete from the server ${policy.days} ${policy.days === 1 ? 'day' : 'days'} after download`;
    case 'delete-when-deleted-here':
      return 'Delete from the server when deleted here';
  }
}
