/**
 * Runs inside the app's page (bundled by seed-large-mailbox.ts): generates the mailbox and
 * stores it with the app's own code, the way the sync Worker stores what it downloads
 * (fetch-messages.ts toCommit: quickMetadata, else extractMetadata, then commitMessages in
 * strict batches), so the records, indexes and body store are what a real sync leaves.
 * Read flags are then what markSeen would have left: the record's flags.seen.
 */
import { installFreshIso2022JpDecoder } from '../../../web/src/lib/message/fresh-iso-2022-jp-decoder.ts';
import { extractMetadata } from '../../../web/src/lib/message/message-metadata.ts';
import { quickMetadata } from '../../../web/src/lib/message/quick-metadata.ts';
import { putAccount } from '../../../web/src/lib/storage/accounts.ts';
import { commitMessages, type MessageCommit } from '../../../web/src/lib/storage/commit-messages.ts';
import { openSatchelDB } from '../../../web/src/lib/storage/open-database.ts';
import { putSyncState } from '../../../web/src/lib/storage/sync-state.ts';
import { generateMailbox, type GeneratedMessage, type MailboxOptions } from './generate-mailbox.ts';

export interface SeedRequest {
  corpus: Array<{ name: string; base64: string }>;
  options: MailboxOptions;
  /** Messages per commitMessages transaction. */
  batchSize: number;
}

export interface SeedSummary {
  messages: number;
  unread: number;
  byAccount: Record<string, number>;
  rawBytes: number;
  /** Messages whose metadata needed postal-mime (quickMetadata declined them). */
  fullParses: number;
  elapsedMs: number;
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function seed(request: SeedRequest): Promise<SeedSummary> {
  const started = performance.now();
  installFreshIso2022JpDecoder();
  const db = await openSatchelDB();
  const { options } = request;
  try {
    for (const [n, id] of options.accountIds.entries()) {
      await putAccount(db, { id, displayName: n === 0 ? 'Bench' : `Bench ${n + 1}`, targetName: 'bench', userName: id, authMethod: 'user-pass', policy: { kind: 'leave' } });
      await putSyncState(db, { accountId: id, lastSyncAt: options.newest, lastErrorCode: null });
    }
    const generated: GeneratedMessage[] = [];
    generateMailbox(request.corpus.map((c) => ({ name: c.name, bytes: fromBase64(c.base64) })), options, (m) => generated.push(m));
    const summary: SeedSummary = { messages: 0, unread: 0, byAccount: {}, rawBytes: 0, fullParses: 0, elapsedMs: 0 };
    const storedAt = options.newest + 3_600_000;
    let batch: MessageCommit[] = [];
    for (const message of generated) {
      let meta = quickMetadata(message.raw, storedAt);
      if (meta === null) {
        summary.fullParses++;
        meta = await extractMetadata(message.raw, { fallbackDate: storedAt });
      }
      batch.push({ accountId: message.accountId, uid: message.uid, ...meta, size: message.raw.byteLength, flags: { seen: message.seen }, state: 'complete', storedAt, deletedLocally: false, raw: message.raw });
      summary.messages++;
      summary.unread += message.seen ? 0 : 1;
      summary.rawBytes += message.raw.byteLength;
      summary.byAccount[message.accountId] = (summary.byAccount[message.accountId] ?? 0) + 1;
      if (batch.length >= request.batchSize) {
        await commitMessages(db, batch);
        batch = [];
      }
    }
    await commitMessages(db, batch);
    summary.elapsedMs = Math.round(performance.now() - started);
    return summary;
  } finally {
    db.close();
  }
}

(globalThis as { satchelSeedLargeMailbox?: typeof seed }).satchelSeedLargeMailbox = seed;
