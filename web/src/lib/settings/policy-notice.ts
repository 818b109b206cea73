import type { AccountPolicy } from '../../../../shared/sync/index.ts';

/**
 * DESIGN.md invariant 2 in words: a delete policy does nothing until the browser promises to keep our
 * storage, because mail deleted on the server and then evicted here would be gone for good.
 * Nor on a server without UIDL: without lasting ids a later session cannot say which message
 * it would delete. That one goes first, as it will not change by itself.
 */
export function policyNotice(policy: AccountPolicy, persisted: boolean | null, serverHasNoUidl = false): string | null {
  if (policy.kind === 'leave') return null;
  if (serverHasNoUidl) {
    return 'This mail server gives its messages no lasting ids (it has no UIDL command), so Satchel cannot tell which message is which there. It downloads your mail and deletes nothing on the server.';
  }
  if (persisted === true) return null;
  return 'This browser has not made storage persistent, so it could clear your mail to free space. Until it does, Satchel leaves all mail on the server and deletes nothing there.';
}
