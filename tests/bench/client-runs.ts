/**
 * One timed run of one client in one profile, each behind its own fresh link emulator:
 * mpop and fetchmail talk to Dovecot's implicit-TLS port through it; Satchel talks to the
 * bridge through it (browser ↔ bridge is the weak link; bridge ↔ server is the fast side).
 * In a faulted profile the outage and cut fire at the same progress points for every
 * client, and reference clients are started again (up to 3 times) after a failure, the
 * way a user or cron would, so the record shows how each one recovers.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LinkEmulator } from '../support/link-emulator.ts';
import { startLinkEmulatorThread } from './measurement/link-emulator-thread.ts';
import type { ClientName } from './bench-args.ts';
import { BENCH_ORIGIN, BENCH_PASSWORD, BENCH_TARGET, type BenchEnvironment, type BenchMailbox } from './bench-environment.ts';
import type { ClientAttemptRecord, ClientRunRecord, ProfileResult } from './report/bench-result.ts';
import { auditDelivery } from './measurement/delivery-audit.ts';
import { startFaultInjector } from './measurement/fault-injector.ts';
import { removeAfterBench } from './deferred-removal.ts';
import { fetchmailSucceeded, prepareFetchmail, readFetchmailDelivered, runFetchmailOnce } from './clients/fetchmail-runner.ts';
import { prepareMpop, readMpopDelivered, runMpopOnce } from './clients/mpop-runner.ts';
import type { BenchProfile } from './profiles.ts';
import { runSatchelApp } from './clients/satchel-app-client.ts';
import { runSatchelNode } from './clients/satchel-node-client.ts';
import { runSatchelRunSync } from './clients/satchel-runsync-client.ts';

/** app: the PWA in headless Chromium; runsync: the app's runSync with fake-indexeddb; pop3: Pop3Session alone, bodies kept in memory. */
type SatchelMode = 'app' | 'runsync' | 'pop3';

const MAX_REFERENCE_ATTEMPTS = 3;

export interface RunContext {
  env: BenchEnvironment;
  profile: BenchProfile;
  mailbox: BenchMailbox;
  faults: ProfileResult['faults'];
  /** Per attempt; generous, as fetchmail pays several round trips per message. */
  timeoutMs: number;
  satchel: SatchelMode;
}

async function withEmulator<T>(profile: BenchProfile, port: number, body: (emulator: LinkEmulator) => Promise<T>): Promise<T> {
  const emulator = await startLinkEmulatorThread({
    target: { host: '127.0.0.1', port },
    delayMs: profile.delayMs,
    bandwidthBitsPerSecond: profile.bandwidthBitsPerSecond,
  });
  try {
    return await body(emulator);
  } finally {
    await emulator.close();
  }
}

export function runClient(context: RunContext, client: ClientName): Promise<ClientRunRecord> {
  return client === 'satchel' ? runSatchel(context) : runReference(context, client);
}

async function runReference(context: RunContext, client: 'mpop' | 'fetchmail'): Promise<ClientRunRecord> {
  const { env, profile, mailbox, faults } = context;
  const workDir = await mkdtemp(join(tmpdir(), `satchel-bench-${client}-`));
  try {
    return await withEmulator(profile, env.dovecot.pop3sPort, async (emulator) => {
      const account = { host: 'localhost' as const, port: emulator.port, caCertFile: env.dovecot.pki.caCertFile, user: mailbox.user, password: BENCH_PASSWORD };
      const rcFile = client === 'mpop' ? await prepareMpop(account, workDir) : await prepareFetchmail(account, workDir);
      const injector = faults && startFaultInjector({
        stallDue: () => emulator.bytes().down >= faults.stallAtBytes,
        cutDue: () => emulator.bytes().down >= faults.cutAtBytes,
        stall: () => emulator.stall(faults.stallMs),
        cut: () => emulator.cutAll(),
      });
      const attempts: ClientAttemptRecord[] = [];
      const started = performance.now();
      try {
        for (let i = 0; i < MAX_REFERENCE_ATTEMPTS; i++) {
          const attempt = client === 'mpop' ? await runMpopOnce(rcFile, workDir, context.timeoutMs) : await runFetchmailOnce(rcFile, workDir, context.timeoutMs);
          attempts.push(attempt);
          const succeeded = client === 'mpop' ? attempt.exitCode === 0 : fetchmailSucceeded(attempt.exitCode);
          if (succeeded || !faults) break;
        }
      } finally {
        injector?.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      const delivered = client === 'mpop' ? await readMpopDelivered(workDir) : await readFetchmailDelivered(workDir);
      const audit = auditDelivery(mailbox.messages, delivered);
      const last = attempts.at(-1)!;
      const exitOk = client === 'mpop' ? last.exitCode === 0 : fetchmailSucceeded(last.exitCode);
      return {
        client,
        seconds,
        wireBytes: emulator.bytes(),
        attempts,
        audit,
        ok: exitOk && audit.lost === 0 && audit.duplicated === 0 && audit.truncated === 0,
      };
    });
  } finally {
    removeAfterBench(workDir);
  }
}

async function runSatchel(context: RunContext): Promise<ClientRunRecord> {
  const { env, profile, mailbox, faults } = context;
  if (context.satchel === 'app') {
    // Chromium ↔ emulator ↔ appBridge (https/wss or http/ws, serving dist/web) ↔ Dovecot, direct.
    const certPem = env.appBridgeCertPem;
    return withEmulator(profile, env.appBridge.port, (emulator) =>
      runSatchelApp({ origin: `${certPem === null ? 'http' : 'https'}://localhost:${emulator.port}`, trustCertificatePem: certPem, emulator, bridgeLog: env.appBridge.log, tunnels: () => env.appBridge.tunnels(), mailbox, faults, timeoutMs: context.timeoutMs }));
  }
  return withEmulator(profile, env.bridge.port, async (emulator) => {
    // Bodies go newest first, after the headers: the cut message's answer starts once the
    // headers and every newer body are in. Its position in raw bytes is known once listed.
    let cutAt: number | undefined;
    const onListed = (rawBytesRead: number) => {
      if (!faults) return;
      const newer = mailbox.sizes.slice(faults.cutMessage).reduce((sum, size) => sum + size, 0);
      cutAt = rawBytesRead + newer + mailbox.sizes[faults.cutMessage - 1]! / 2;
    };
    const common = {
      // wss to "localhost": the bridge's certificate names localhost, as Dovecot's does.
      tunnelUrl: `wss://localhost:${emulator.port}/tunnel`,
      target: BENCH_TARGET,
      origin: BENCH_ORIGIN,
      ca: env.caPem,
      user: mailbox.user,
      password: BENCH_PASSWORD,
      onListed,
    };
    const run = context.satchel === 'runsync' ? runSatchelRunSync({ ...common, expected: mailbox.messages.length }) : runSatchelNode(common);
    const injector = faults && startFaultInjector({
      stallDue: () => run.rawBytesRead() >= faults.stallAtBytes,
      cutDue: () => cutAt !== undefined && run.rawBytesRead() >= cutAt,
      stall: () => emulator.stall(faults.stallMs),
      cut: () => emulator.cutAll(),
    });
    const attempt: ClientAttemptRecord = { exitCode: 0, signal: null, seconds: 0, outputTail: '' };
    try {
      const result = await run.result;
      attempt.seconds = result.storedSeconds;
      const audit = auditDelivery(mailbox.messages, result.bodies);
      return {
        client: 'satchel',
        seconds: result.storedSeconds,
        listedSeconds: result.listedSeconds,
        wireBytes: emulator.bytes(),
        rawDownBytes: result.rawDownBytes,
        attempts: Array.from({ length: result.reconnects + 1 }, (_, i) => (i === result.reconnects ? attempt : { ...attempt, exitCode: 1, outputTail: result.errors[i] ?? '' })),
        audit,
        refetchedBytes: result.refetchedBytes,
        ok: audit.lost === 0 && audit.duplicated === 0 && audit.truncated === 0,
      };
    } catch (error) {
      return {
        client: 'satchel',
        seconds: Number.NaN,
        wireBytes: emulator.bytes(),
        attempts: [{ exitCode: 1, signal: null, seconds: 0, outputTail: (error as Error).message }],
        audit: auditDelivery(mailbox.messages, []),
        ok: false,
      };
    } finally {
      injector?.stop();
    }
  });
}
