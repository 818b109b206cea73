// Commits one downloaded message (metadata and bytes) atomically.
//
// DESIGN.md invariant 2: DELE may be sent for a UIDL only after this promise resolves, so it must
// resolve only once the transaction's `complete` event has fired, and the transaction must
// ask for strict durability (flushed to disk, not just to the OS cache). It is a batch of
// one: commit-messages.ts holds the merge rules, so both paths store a message the same way.
import { commitMessages, type MessageCommit } from './commit-messages.ts';
import type { SatchelDatabase } from './open-database.ts';

export async function commitMessage(db: SatchelDatabase, commit: MessageCommit): Promise<void> {
  await commitMessages(db, [commit]);
}
