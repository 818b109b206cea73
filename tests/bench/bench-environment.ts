/**
 * Everything one bench run shares: a real Dovecot with the generated mailboxes and the
 * shared corpus, and two real bridges whose only target is Dovecot's implicit-TLS port
 * (direct: bridge ↔ server is the fast side in deployment):
 *   - `bridge` listens with TLS (wss) for the Node slots (runsync, pop3);
 *   - `appBridge` serves the built app (dist/web) and its tunnel over https/wss with its own
 *     certificate for localhost, as a deployed bridge terminating TLS does (or over http/ws,
 *     `--app-plain-ws`), from a process of its own as `npm start` runs it
 *     (app-bridge-process.ts), for the app in headless Chromium, which trusts that certificate
 *     and loads the app through the link emulator from https://localhost:<port>/. Its log is kept, to read the tunnel's
 *     resumptions and the POP3 bytes it read from the server.
 * Link emulators are made per client run, so each run's byte counts start at zero.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, startBridge, type RunningBridge } from '../../bridge/index.ts';
import { Pop3Session } from '../../shared/pop3/index.ts';
import { loadCorpus } from '../support/corpus.ts';
import { startDovecot, type DovecotServer } from '../support/dovecot-harness.ts';
import { generateMailbox } from '../support/generated-mail.ts';
import { connectTcp } from '../support/node-byte-channel.ts';
import { startAppBridgeChild, type AppBridgeChild } from './clients/app-bridge-child.ts';

export const BENCH_ORIGIN = 'https://satchel.bench';
export const BENCH_TARGET = 'dovecot-tls';
export const BENCH_PASSWORD = 'bench password, not a secret';
/**
 * The reference shape (tests/support/generated-mail.ts, shape 'reference'): 2,000
 * messages ≈ 104 MB of POP3 bytes (the issue's: 101.9 MB), median 7.6 kB, 129 messages of
 * 100 kB–1.8 MB with binary attachments; the first 300 hold 19 of those (3 over 1 MB past
 * the middle, for the cut to land in).
 */
export const MAILBOX_SEED = 4;
export const MAILBOX_SHAPE = 'reference' as const;

export interface BenchMailbox {
  user: string;
  messages: Uint8Array[];
  /** LIST sizes, message 1 first. */
  sizes: number[];
  /** Every RETR answer's bytes as Dovecot sends them (status lines, dot-stuffing, terminators). */
  rawRetrBytes: number;
  /** SHA-256 (hex) of each message as a client must store it: as Dovecot serves it (bare LF made CRLF), message 1 first. */
  servedSha256: string[];
}

export interface BenchEnvironment {
  dovecot: DovecotServer;
  bridge: RunningBridge;
  /** Serves dist/web and its tunnel, from a process of its own; the app's slot. */
  appBridge: AppBridgeChild;
  /** The app bridge's certificate (PEM) when it serves https/wss; null over http/ws. */
  appBridgeCertPem: string | null;
  caPem: string;
  /** The generated mailbox of `count` messages, or the shared corpus (when startBenchEnvironment measured it). */
  mailbox(count: number | 'corpus'): BenchMailbox;
  counts: number[];
  corpusCount: number;
  stop(): Promise<void>;
}

/** Measures the raw POP3 bytes of a whole download once, over plain TCP on loopback. */
async function measureMailbox(dovecot: DovecotServer, user: string, messages: Uint8Array[]): Promise<BenchMailbox> {
  let raw = 0;
  const channel = await connectTcp(dovecot.host, dovecot.pop3Port, { timeoutMs: 60_000 });
  const session = new Pop3Session(channel, { pipelineWindow: 64 });
  await session.open();
  await session.login({ user, password: BENCH_PASSWORD, mechanism: 'USER' });
  const listing = await session.list();
  await session.retrMany(listing.map((entry) => entry.msg), (_msg, bytes) => {
    raw += bytes.byteLength;
  });
  await session.quit();
  // What the server adds around the bodies: "+OK N octets" and ".", and one "." per dot-stuffed line.
  const framing = listing.reduce((sum, entry) => sum + `+OK ${entry.size} octets\r\n.\r\n`.length, 0);
  const stuffing = messages.reduce((sum, message) => sum + countDotLines(message), 0);
  return { user, messages, sizes: listing.map((entry) => entry.size), rawRetrBytes: raw + framing + stuffing, servedSha256: messages.map(servedDigest) };
}

/**
 * The digest of a source message as Dovecot serves it: every line break CRLF (the corpus has
 * bare-LF files). Taken from the source, not from a download, so that the audit shares no code
 * with the client it checks (the POP3 decoder, exactMessage).
 */
function servedDigest(message: Uint8Array): string {
  const served = Buffer.from(Buffer.from(message.buffer, message.byteOffset, message.byteLength).toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
  return createHash('sha256').update(served).digest('hex');
}

function countDotLines(message: Uint8Array): number {
  let count = message[0] === 0x2e ? 1 : 0;
  for (let i = 1; i < message.length; i++) if (message[i] === 0x2e && message[i - 1] === 0x0a) count++;
  return count;
}

export async function startBenchEnvironment(counts: number[], options: { webDir: string; repoRoot: string; appTransport: 'wss' | 'ws'; measureCorpus: boolean }): Promise<BenchEnvironment> {
  const largest = Math.max(0, ...counts);
  const all = generateMailbox({ count: largest, seed: MAILBOX_SEED, shape: MAILBOX_SHAPE });
  const corpus = await loadCorpus();
  const users = counts.map((count) => ({ user: `bench${count}`, password: BENCH_PASSWORD, messages: all.slice(0, count) }));
  const dovecot = await startDovecot({ users: [...users, { user: 'corpus', password: BENCH_PASSWORD, messages: corpus.map((m) => m.bytes) }] });
  try {
    const mailboxes = new Map<number | 'corpus', BenchMailbox>();
    for (const [i, count] of counts.entries()) mailboxes.set(count, await measureMailbox(dovecot, users[i]!.user, users[i]!.messages));
    if (options.measureCorpus) mailboxes.set('corpus', await measureMailbox(dovecot, 'corpus', corpus.map((m) => m.bytes)));
    const config = loadConfig({
      listen: { host: '127.0.0.1', port: 0 },
      tls: { certFile: dovecot.pki.serverCertFile, keyFile: dovecot.pki.serverKeyFile },
      allowedOrigins: [BENCH_ORIGIN],
      upstreamCaFile: dovecot.pki.caCertFile,
      targets: [{ name: BENCH_TARGET, label: 'Dovecot, implicit TLS', host: dovecot.tlsHostname, port: dovecot.pop3sPort, tls: 'implicit', allowLocal: true }],
    }, process.cwd());
    const bridge = await startBridge(config, { log: () => undefined });
    // Dovecot's certificate names localhost too; the browser is told to trust it (chromium-process.ts).
    const appTls = options.appTransport === 'wss' ? { certFile: dovecot.pki.serverCertFile, keyFile: dovecot.pki.serverKeyFile } : undefined;
    const appBridge = await startAppBridgeChild({
      listen: { host: '127.0.0.1', port: 0 },
      ...(appTls ? { tls: appTls } : {}),
      upstreamCaFile: dovecot.pki.caCertFile,
      targets: [{ name: BENCH_TARGET, label: 'Dovecot, implicit TLS', host: dovecot.tlsHostname, port: dovecot.pop3sPort, tls: 'implicit', allowLocal: true }],
      staticDir: options.webDir,
    }, options.repoRoot).catch(async (error: unknown) => {
      await bridge.close();
      throw error;
    });
    return {
      dovecot,
      bridge,
      appBridge,
      appBridgeCertPem: appTls ? await readFile(appTls.certFile, 'utf8') : null,
      caPem: await readFile(dovecot.pki.caCertFile, 'utf8'),
      counts,
      corpusCount: corpus.length,
      mailbox: (count) => {
        const mailbox = mailboxes.get(count);
        if (!mailbox) throw new Error(`no ${count}-message mailbox`);
        return mailbox;
      },
      stop: async () => {
        await appBridge.close();
        await bridge.close();
        await dovecot.stop();
      },
    };
  } catch (error) {
    await dovecot.stop();
    throw error;
  }
}
