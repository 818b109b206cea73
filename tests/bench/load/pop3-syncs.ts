/**
 * The two loads of the bridge load test, with the app's own POP3 session (shared/pop3) and,
 * through the bridge, its resumable tunnel client. Syncs: each logs in, then fetches the whole
 * mailbox pipelined (as a sync does), round after round, until the time is up; they run in a
 * child process (bridge-load-syncs.ts), so that parsing their megabytes does not delay the
 * probes. Probes: a few sessions, to a mail server of their own that nothing else loads, each
 * timing a NOOP every 20 ms. Straight to the server and through the bridge under the same sync
 * load, the probes' round trips differ by the latency the bridge adds to a command.
 */
import WebSocket from 'ws';
import { Pop3Session, type ByteChannel } from '../../../shared/pop3/index.ts';
import { openResumableTunnel } from '../../../shared/tunnel/index.ts';
import { connectTls } from '../../support/node-byte-channel.ts';

export interface SyncLoadResult {
  clients: number;
  seconds: number;
  retrBytes: number;
  retrs: number;
  errors: string[];
}

export interface ProbeResult {
  /** NOOP round trips, milliseconds, sorted. */
  noopMs: number[];
  errors: string[];
}

export type ChannelFactory = () => Promise<ByteChannel>;

export function directChannel(port: number, ca: string): ChannelFactory {
  return () => connectTls('127.0.0.1', port, { ca, servername: 'localhost', timeoutMs: 60_000 });
}

export function bridgeChannel(tunnelUrl: string, origin: string, target: string): ChannelFactory {
  return async () => {
    const tunnel = await openResumableTunnel({
      url: tunnelUrl,
      target,
      createWebSocket: (url) => new WebSocket(url, { origin, perMessageDeflate: true }),
      handshakeTimeoutMs: 60_000,
    });
    return tunnel.channel;
  };
}

const PROBE_EVERY_MS = 20;

async function login(open: ChannelFactory): Promise<Pop3Session> {
  const session = new Pop3Session(await open());
  await session.open({ capabilities: false });
  await session.login({ user: 'load', password: 'demo', mechanism: 'USER' });
  return session;
}

function errorText(error: unknown): string {
  return `${(error as { code?: string }).code ?? ''} ${(error as Error).message}`;
}

async function syncClient(open: ChannelFactory, until: number, result: SyncLoadResult): Promise<void> {
  const session = await login(open);
  const messages = (await session.list()).map((entry) => entry.msg);
  while (Date.now() < until) {
    await session.retrMany(messages, (_, bytes) => {
      result.retrBytes += bytes.byteLength;
      result.retrs++;
    });
  }
  await session.quit();
}

export async function runSyncLoad(open: ChannelFactory, clients: number, seconds: number): Promise<SyncLoadResult> {
  const result: SyncLoadResult = { clients, seconds, retrBytes: 0, retrs: 0, errors: [] };
  const started = Date.now();
  const until = started + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, () => syncClient(open, until, result).catch((error: unknown) => result.errors.push(errorText(error)))));
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** `probes` sessions timing a NOOP every 20 ms until `done` resolves. */
export async function runProbes(open: ChannelFactory, probes: number, done: Promise<unknown>): Promise<ProbeResult> {
  const result: ProbeResult = { noopMs: [], errors: [] };
  let over = false;
  void done.then(() => (over = true));
  await Promise.all(Array.from({ length: probes }, async () => {
    try {
      const session = await login(open);
      while (!over) {
        const started = performance.now();
        await session.noop();
        result.noopMs.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
      }
      await session.quit();
    } catch (error) {
      result.errors.push(errorText(error));
    }
  }));
  result.noopMs.sort((a, b) => a - b);
  return result;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
