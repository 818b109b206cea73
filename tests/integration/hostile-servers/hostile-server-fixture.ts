// One hostile server per test: a HostileMailbox behind its own fault server, its own bridge and
// its own fake-indexeddb database, so the cases of the matrix run concurrently without sharing
// anything. The sync is the app's: runSync over the resumable tunnel through the real bridge.
import 'fake-indexeddb/auto';
import WebSocket from 'ws';
import { openResumableTunnel } from '../../../shared/tunnel/index.ts';
import { describeError, GENERIC_ERROR_SENTENCE } from '../../../web/src/lib/feedback/describe-error.ts';
import { type AccountRecord, type MessageRecord, type SatchelDatabase } from '../../../web/src/lib/storage/index.ts';
import { runSync } from '../../../web/src/lib/sync/engine/run-sync.ts';
import type { SyncSettings, SyncSummary } from '../../../web/src/lib/sync/sync-messages.ts';
import { startTestBridge, TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import { startFaultServer } from '../../support/fault-server.ts';
import { HOSTILE_PASSWORD, HostileMailbox, type HostileMailboxOptions } from '../../support/hostile-mailbox.ts';
import { account, freshDb, settings } from '../web-sync/run-sync-fixture.ts';

/** How long the tunnel client lets a server stay silent while an answer is due (the default is 60 s). */
export const SERVER_SILENCE_MS = 3_000;
/** How long the server may be silent on a due pipelined answer before it is probed (the app's default is 10 s); above the 1 s gaps of the one-byte-per-second case. */
export const PIPELINE_SILENCE_MS = 1_500;

type SyncOutcome = { summary: SyncSummary; code: null; ms: number } | { summary: null; code: string; ms: number };

export interface HostileEnv {
  mailbox: HostileMailbox;
  db: SatchelDatabase;
  accountId: string;
  /** One sync of the app against this server; never throws, gives the summary or the code. */
  sync(options?: { settings?: Partial<SyncSettings>; policy?: AccountRecord['policy']; now?: () => number; password?: string }): Promise<SyncOutcome>;
  records(): Promise<Map<string, MessageRecord>>;
  /** The whole message stored for `uid` (not a header record's preview), or null. */
  body(uid: string): Promise<Uint8Array | null>;
}

/** Starts a server, bridge and database for one test, runs `test`, and always stops them. */
export async function withHostileServer(options: HostileMailboxOptions, test: (env: HostileEnv) => Promise<void>): Promise<void> {
  const mailbox = new HostileMailbox(options);
  const server = await startFaultServer(mailbox.serve);
  const bridge = await startTestBridge('', [{ name: 'hostile', label: 'hostile server', host: server.host, port: server.port, tls: 'plaintext', allowLocal: true }], { upstreamCaFile: undefined });
  const db = await freshDb();
  const acct = account('hostile');
  const env: HostileEnv = {
    mailbox,
    db,
    accountId: acct.id,
    async sync(opts = {}) {
      const started = performance.now();
      try {
        const summary = await runSync({
          openChannel: () =>
            openResumableTunnel({
              url: bridge.tunnelUrl,
              target: 'hostile',
              createWebSocket: (url) => new WebSocket(url, { origin: TEST_ORIGIN, perMessageDeflate: true }),
              handshakeTimeoutMs: 10_000,
              serverSilenceMs: SERVER_SILENCE_MS,
              ackIntervalMs: 500,
            }),
          db,
          account: { ...acct, policy: opts.policy ?? acct.policy },
          password: opts.password ?? HOSTILE_PASSWORD,
          pipelineSilenceMs: PIPELINE_SILENCE_MS,
          settings: settings(opts.settings),
          onUpdate: () => undefined,
          ...(opts.now === undefined ? {} : { now: opts.now }),
        });
        return { summary, code: null, ms: performance.now() - started };
      } catch (error) {
        return { summary: null, code: String((error as { code?: unknown }).code), ms: performance.now() - started };
      }
    },
    async records() {
      const all = await db.getAll('messages', IDBKeyRange.bound([acct.id], [acct.id, []]));
      return new Map(all.map((r) => [r.uid, r]));
    },
    async body(uid) {
      const stored = (await db.get('message-bodies', [acct.id, uid]))?.raw;
      return stored instanceof Uint8Array ? stored : stored instanceof Blob ? new Uint8Array(await stored.arrayBuffer()) : null;
    },
  };
  try {
    await test(env);
  } finally {
    db.close();
    await bridge.close();
    await server.close();
  }
}

/**
 * What the user reads for a failed sync: a sentence of its own, never the generic one, and
 * no "try again later" when retrying cannot help.
 */
export function userSentence(code: string, retryCanHelp: boolean): string {
  const sentence = describeError(code);
  if (sentence === GENERIC_ERROR_SENTENCE) throw new Error(`${code} has no sentence of its own`);
  if (!retryCanHelp && /try again later/i.test(sentence)) throw new Error(`${code} says "try again later" though retrying cannot help: ${sentence}`);
  return sentence;
}

/** Samples this process's memory while `run` runs; gives the peak growth of RSS in bytes. */
export async function peakRssGrowth<T>(run: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

/** Five small messages with a dot-stuffed line each, CRLF line ends: the matrix's ordinary mail. */
export function ordinaryMessages(count = 5, eol = '\r\n'): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    Buffer.from(
      [`From: Sender ${i + 1} <s${i + 1}@example.org>`, 'To: you@example.org', `Subject: message ${i + 1}`, `Date: Sun, ${i + 1} Nov 2026 10:00:00 +0000`, `Message-ID: <m${i + 1}@example.org>`, '', `body of message ${i + 1}`, '.a line that starts with a dot', '.', 'last line', ''].join(eol),
      'latin1',
    ),
  );
}
