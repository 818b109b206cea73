/**
 * The Satchel slot, for now: Satchel's own POP3 client (shared/pop3 Pop3Session) in Node,
 * through the real bridge over a wss tunnel with permessage-deflate, the link emulator
 * sitting between this client and the bridge (the weak link in real deployments is
 * browser ↔ bridge). It does what the sync worker is meant to do, without IndexedDB:
 *   1. login, UIDL, LIST;
 *   2. headers first: TOP n 0 for every message, pipelined → "listed";
 *   3. bodies newest first, pipelined → "stored" (kept in memory and hash-checked).
 * After a dropped connection it reconnects and fetches only what it has not stored, keyed
 * by UIDL (DESIGN.md invariant 3). It has no resumable tunnel yet, so the message it was in the
 * middle of is fetched again from its first byte; refetchedBytes says how much.
 */
import { performance } from 'node:perf_hooks';
import { Pop3Session, type ByteChannel } from '../../../shared/pop3/index.ts';
import { openTunnel } from '../../support/ws-tunnel-channel.ts';

export interface SatchelNodeOptions {
  tunnelUrl: string;
  target: string;
  origin: string;
  ca: string;
  user: string;
  password: string;
  /** Most TOP/RETR commands in flight; large enough to fill a 100 ms × 8 Mbit/s pipe with headers. */
  pipelineWindow?: number;
  /** Reconnects allowed after a dropped connection. */
  maxReconnects?: number;
  /** Called once, when every message is listed, with the raw POP3 bytes read so far. */
  onListed?: (rawBytesRead: number) => void;
}

export interface SatchelNodeResult {
  listedSeconds: number;
  storedSeconds: number;
  /** POP3 bytes after decompression, every attempt included. */
  rawDownBytes: number;
  bodies: Uint8Array[];
  reconnects: number;
  /** Raw bytes read in attempts that failed, after their last complete answer: downloaded twice. */
  refetchedBytes: number;
  errors: string[];
}

export interface SatchelNodeRun {
  /** Live count of raw bytes read, for fault triggers. */
  rawBytesRead(): number;
  result: Promise<SatchelNodeResult>;
}

/**
 * The bridge accepts at most 1,024 bytes per message from the browser (limits.maxPayload),
 * and a pipelined batch of 256 TOP commands is about 3 kB: send it as several frames.
 */
const MAX_FRAME_BYTES = 1024;

/** Counts the POP3 bytes the session reads, after the WebSocket has inflated them; splits writes to the bridge's frame limit. */
function countingChannel(channel: ByteChannel, count: (n: number) => void): ByteChannel {
  return {
    write: (bytes) => {
      for (let at = 0; at < bytes.byteLength; at += MAX_FRAME_BYTES) channel.write(bytes.subarray(at, at + MAX_FRAME_BYTES));
    },
    read: async () => {
      const bytes = await channel.read();
      if (bytes) count(bytes.byteLength);
      return bytes;
    },
    close: () => channel.close(),
  };
}

export function runSatchelNode(options: SatchelNodeOptions): SatchelNodeRun {
  let raw = 0;
  return { rawBytesRead: () => raw, result: run(options, (n) => (raw += n), () => raw) };
}

async function run(options: SatchelNodeOptions, count: (n: number) => void, rawNow: () => number): Promise<SatchelNodeResult> {
  const started = performance.now();
  const headers = new Map<string, Uint8Array>();
  const bodies = new Map<string, Uint8Array>();
  const errors: string[] = [];
  let listedSeconds = Number.NaN;
  let reconnects = 0;
  let refetchedBytes = 0;
  for (let attempt = 0; ; attempt++) {
    let rawAtLastAnswer = rawNow();
    try {
      const { ready, channel } = await openTunnel(options.tunnelUrl, options.target, { origin: options.origin, ca: options.ca, timeoutMs: 60_000 });
      const session = new Pop3Session(countingChannel(channel, count), {
        greeting: ready.greeting === 'consumed' ? 'none' : 'expect',
        pipelineWindow: options.pipelineWindow ?? 256,
      });
      await session.open();
      await session.login({ user: options.user, password: options.password });
      const uidl = await session.uidl();
      rawAtLastAnswer = rawNow();
      const uidOf = new Map(uidl.map(({ msg, uid }) => [msg, uid]));
      const needHeaders = uidl.filter(({ uid }) => !headers.has(uid) && !bodies.has(uid)).map(({ msg }) => msg);
      await session.topMany(needHeaders, 0, (msg, bytes) => {
        headers.set(uidOf.get(msg)!, bytes);
        rawAtLastAnswer = rawNow();
      });
      if (Number.isNaN(listedSeconds)) {
        listedSeconds = (performance.now() - started) / 1000;
        options.onListed?.(rawNow());
      }
      // Newest first: the highest message number is the most recently delivered.
      const needBodies = uidl.filter(({ uid }) => !bodies.has(uid)).map(({ msg }) => msg).reverse();
      await session.retrMany(needBodies, (msg, bytes) => {
        bodies.set(uidOf.get(msg)!, bytes);
        rawAtLastAnswer = rawNow();
      });
      await session.quit();
      return {
        listedSeconds,
        storedSeconds: (performance.now() - started) / 1000,
        rawDownBytes: rawNow(),
        bodies: [...bodies.values()],
        reconnects,
        refetchedBytes,
        errors,
      };
    } catch (error) {
      errors.push(`${(error as { code?: string }).code ?? 'ERROR'}: ${(error as Error).message}`);
      refetchedBytes += rawNow() - rawAtLastAnswer;
      if (attempt >= (options.maxReconnects ?? 5)) throw new Error(`Satchel (Node) gave up after ${attempt + 1} attempts: ${errors.join('; ')}`);
      reconnects++;
      // A short pause, like the app's reconnect backoff, without the jitter: the bench wants repeatable figures.
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    }
  }
}
