/**
 * The Satchel slot with the app's own sync code: web/src/lib/sync/engine/run-sync.ts (headers
 * first, bodies pipelined, batched strict commits) in Node, storing into IndexedDB as
 * provided by fake-indexeddb, over the app's own resumable tunnel (shared/tunnel)
 * with `ws` standing in for the browser's WebSocket (permessage-deflate on, as browsers
 * offer it). Not yet the app in Chromium: the IndexedDB here is an in-memory imitation.
 * After a failure it runs the sync again, as the app's scheduler does; the sync converges
 * by UIDL (DESIGN.md invariant 3).
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { ByteChannel } from '../../../shared/pop3/index.ts';
import { openSatchelDB } from '../../../web/src/lib/storage/index.ts';
import { runSync } from '../../../web/src/lib/sync/engine/run-sync.ts';
import { openResumableTunnel } from '../../../shared/tunnel/index.ts';
import type { SatchelNodeResult, SatchelNodeRun } from './satchel-node-client.ts';

export interface SatchelRunSyncOptions {
  tunnelUrl: string;
  target: string;
  origin: string;
  ca: string;
  user: string;
  password: string;
  /** Messages on the server, to know when every one is listed. */
  expected: number;
  maxAttempts?: number;
  /** Called once, when every message is listed, with the raw POP3 bytes read so far. */
  onListed?: (rawBytesRead: number) => void;
}

let dbCounter = 0;

export function runSatchelRunSync(options: SatchelRunSyncOptions): SatchelNodeRun {
  let raw = 0;
  return { rawBytesRead: () => raw, result: run(options, (n) => (raw += n), () => raw) };
}

async function run(options: SatchelRunSyncOptions, count: (n: number) => void, rawNow: () => number): Promise<SatchelNodeResult> {
  const openChannel = async () => {
    const opened = await openResumableTunnel({
      url: options.tunnelUrl,
      target: options.target,
      // The Origin header and the test CA; a browser sends the first itself and trusts the second by install.
      createWebSocket: (url) => new WebSocket(url, { origin: options.origin, ca: options.ca, perMessageDeflate: true }),
      handshakeTimeoutMs: 60_000,
    });
    const channel: ByteChannel = opened.channel;
    const counted: ByteChannel = {
      write: (bytes) => channel.write(bytes),
      read: async () => {
        const bytes = await channel.read();
        if (bytes) count(bytes.byteLength);
        return bytes;
      },
      close: () => channel.close(),
    };
    return { ...opened, channel: counted };
  };
  dbCounter += 1;
  const db = await openSatchelDB({ name: `bench-${dbCounter}-${Date.now()}` });
  const accountId = `bench-${options.user}`;
  const account = { id: accountId, displayName: options.user, targetName: options.target, userName: options.user, authMethod: 'sasl-plain' as const, policy: { kind: 'leave' as const } };
  const settings = { byteBudget: null, maxAutoDownloadSize: null, unmetered: true, storagePersistent: true, previewLines: 0, fetchUids: [] };
  const started = performance.now();
  const listed = new Set<string>();
  let listedSeconds = Number.NaN;
  let refetchedBytes = 0;
  const errors: string[] = [];
  let rawAtLastCommit = 0;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await runSync({
          openChannel: openChannel as never,
          db,
          account,
          password: options.password,
          settings,
          onUpdate: (update) => {
            if (update.type !== 'stored') return;
            rawAtLastCommit = rawNow();
            for (const uid of update.uids) listed.add(uid);
            if (Number.isNaN(listedSeconds) && listed.size >= options.expected) {
              listedSeconds = (performance.now() - started) / 1000;
              options.onListed?.(rawAtLastCommit);
            }
          },
        });
        break;
      } catch (error) {
        errors.push(`${(error as { code?: string }).code ?? 'ERROR'}: ${(error as Error).message}`);
        refetchedBytes += rawNow() - rawAtLastCommit;
        if (attempt + 1 >= (options.maxAttempts ?? 6)) throw new Error(`Satchel (runSync) gave up: ${errors.join('; ')}`);
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
      }
    }
    const storedSeconds = (performance.now() - started) / 1000;
    const records = await db.getAll('message-bodies');
    const bodies: Uint8Array[] = [];
    for (const record of records) {
      if (record.accountId !== accountId) continue;
      bodies.push(record.raw instanceof Uint8Array ? record.raw : new Uint8Array(await record.raw.arrayBuffer()));
    }
    return { listedSeconds, storedSeconds, rawDownBytes: rawNow(), bodies, reconnects: errors.length, refetchedBytes, errors };
  } finally {
    db.close();
  }
}
