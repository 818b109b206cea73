/**
 * The Satchel slot as a user has it: the built PWA (dist/web) in headless Chromium, its
 * sync in the app's dedicated Worker over the browser's WebSocket (permessage-deflate as
 * Chromium offers it) and the app's resumable tunnel, storing into Chromium's IndexedDB.
 *
 *   Chromium ──(link emulator: the profile's delay, bandwidth, stall, cut)── appBridge ── Dovecot (implicit TLS, direct)
 *
 * The page (and so the WebSocket) is loaded from https://localhost:<emulator port>/, the
 * bridge's own certificate trusted as tests/e2e/specs/08 does (http/ws with --app-plain-ws, as in
 * tests/e2e/specs/07). The bench drives the UI with the e2e helpers: lift the budget and size
 * cap (sync preferences), wait for the service worker (a returning user's app shell is
 * cached: its precache must not share the link with the timed sync), fill in the account
 * form; then, with Playwright disconnected (cdp-page.ts says why), save it, which starts the
 * account's first sync.
 *
 * Timing, from Node, from just before the click on "save": a poll every POLL_MS (FINE_POLL_MS until
 * every message is listed, and again once the progress bar shows every body fetched) counts the
 * `messages` records (the by-date index: every record, header-only or complete, is a row of
 * the inbox) and those in state complete (stored whole, DESIGN.md invariant 1; `message-bodies` also
 * holds the headers of header-only messages, so its count is not the measure). Counting is read-only IndexedDB access
 * through a connection the bench opens in the page; the app exposes nothing for it.
 *
 * Afterwards: every stored body is hashed in the page (SHA-256 of the raw bytes) and
 * compared with the generated source; bodies that match nothing are fetched whole and
 * classified by tests/bench/measurement/delivery-audit.ts. The bridge's log gives the POP3 sessions
 * opened (tunnel-ready), the resumptions (tunnel-resumed: `lost` = bytes the bridge had sent
 * before the drop that the browser reports it never received, so sent again; `replayed` =
 * those plus what the bridge read from the server while parked) and the POP3 bytes read
 * from the server (tunnel-closed bytesDown).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser } from '@playwright/test';
import type { LogEntry } from '../../../bridge/index.ts';
import type { LinkEmulator } from '../../support/link-emulator.ts';
import { fillAccountForm } from '../../e2e/support/app-actions.ts';
import { selectors } from '../../e2e/support/selectors.ts';
import { bodyBytes, bodyDigests } from './app-stored-bodies.ts';
import { counts, mayAllBeDone, progressShown, type Counts } from './app-sync-progress.ts';
import type { TunnelCounts } from './app-bridge-child.ts';
import { CdpPage } from './cdp-page.ts';
import { startChromium } from './chromium-process.ts';
import { startChromiumTrace } from '../measurement/chromium-trace.ts';
import { waitForServiceWorkerControl } from '../../e2e/support/service-worker.ts';
import { readStoredMail } from '../../e2e/support/stored-mail.ts';
import { fetchEverything } from '../../e2e/support/sync-preferences.ts';
import { BENCH_PASSWORD, BENCH_TARGET, type BenchMailbox } from '../bench-environment.ts';
import type { ClientAttemptRecord, ClientRunRecord, ProfileResult, SatchelAppDetails } from '../report/bench-result.ts';
import { auditDelivery } from '../measurement/delivery-audit.ts';
import { removeAfterBench } from '../deferred-removal.ts';
import { startCpuMeter } from '../measurement/process-cpu.ts';

const POLL_MS = 100;
/**
 * Until every message is listed only the cheap index count runs, so it can run more often.
 * Once the bar shows every body fetched, the bar is read this often and the records (costly)
 * only when the sync has moved past its bodies (the app leaves that phase once every batch is
 * committed) or POLL_MS after the last read: "stored" is late by ~25 ms, not ~100.
 */
const FINE_POLL_MS = 25;

/** Per mailbox user: an uninterrupted app run's figures, to price what a fault cost. */
const cleanRuns = new Map<string, { serverBytesDown: number; wireDown: number }>();

export interface SatchelAppOptions {
  origin: string;
  /** The app bridge's certificate when origin is https: Chromium trusts it as a user's browser trusts a deployment's. */
  trustCertificatePem: string | null;
  emulator: LinkEmulator;
  bridgeLog: LogEntry[];
  /** The app bridge's live tunnels: POP3 bytes read, and acked by the browser. */
  tunnels: () => Promise<TunnelCounts[]>;
  mailbox: BenchMailbox;
  faults: ProfileResult['faults'];
  timeoutMs: number;
}

const round = (seconds: number) => Math.round(seconds * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runSatchelApp(options: SatchelAppOptions): Promise<ClientRunRecord> {
  const { emulator, mailbox, faults } = options;
  const expected = mailbox.messages.length;
  // A profile on disk, as an installed app has: an incognito context keeps IndexedDB in
  // memory, which in this Chromium took about twice as long to write 105 MB (1.3 s, not 0.6 s).
  const profileDir = mkdtempSync(join(tmpdir(), 'satchel-bench-profile-'));
  const chrome = await startChromium(profileDir, { trustCertificatePem: options.trustCertificatePem });
  // Playwright for the setup and the audit; only the bare client while the sync is timed.
  let browser: Browser | null = await chromium.connectOverCDP(chrome.endpoint);
  let cdp: CdpPage | null = null;
  const logStart = options.bridgeLog.length;
  const attempt: ClientAttemptRecord = { exitCode: 0, signal: null, seconds: 0, outputTail: '' };
  try {
    const context = browser.contexts()[0]!;
    // tsx (esbuild, keepNames) wraps named functions in __name(); functions handed to
    // page.evaluate (ours and the e2e helpers') carry that call into the page.
    await context.addInitScript('globalThis.__name = (fn) => fn;');
    await fetchEverything(context);
    let page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${options.origin}/`);
    await waitForServiceWorkerControl(page);
    // Saving the account starts its first sync, the one timed: so the form is only filled
    // here, and saved through the bare client once Playwright is gone (a Worker that starts
    // while Playwright detaches can be left paused for a debugger that never comes).
    await fillAccountForm(page, { name: 'Bench', target: BENCH_TARGET, user: { user: mailbox.user, password: BENCH_PASSWORD, messageCount: expected } });
    await browser.close(); // disconnects; Chromium and the page go on
    browser = null;
    cdp = await CdpPage.connect(chrome.endpoint, options.origin);
    cdp.on('Runtime.exceptionThrown', (event) => pageErrors.push(String((event.exceptionDetails as { text?: string } | undefined)?.text ?? 'exception')));
    await cdp.send('Runtime.enable');
    const timed: CdpPage = cdp;

    // Fault cues, from what the page has stored (bodies come newest first, after the headers).
    const sizesNewestFirst = [...mailbox.sizes].reverse();
    let stallAfterBodies = Infinity;
    let cutAfterBodies = Infinity;
    if (faults) {
      const total = mailbox.sizes.reduce((sum, size) => sum + size, 0);
      let sum = 0;
      stallAfterBodies = sizesNewestFirst.findIndex((size) => (sum += size) >= total * (faults.stallAtBytes / mailbox.rawRetrBytes));
      // Every body newer than the cut message is stored: the cut message is on its way.
      cutAfterBodies = expected - faults.cutMessage;
    }
    // The cut, when an uninterrupted run of this mailbox came earlier in the bench: at the
    // POP3 offset of the cut message's middle, as the browser acks it (every 100 ms). That
    // run's bytes from the server, less every RETR answer, are what comes before the first
    // body; then the newer bodies (LIST sizes: off by the status lines, some kB in all).
    // Without one, from what the page has stored, which the app's batched commits make late.
    const uninterrupted = cleanRuns.get(mailbox.user);
    const cutAtAcked = faults && uninterrupted
      ? uninterrupted.serverBytesDown - mailbox.rawRetrBytes + mailbox.sizes.slice(faults.cutMessage).reduce((sum, size) => sum + size, 0) + mailbox.sizes[faults.cutMessage - 1]! / 2
      : undefined;
    const ackedDown = async (): Promise<number> => Math.max(0, ...(await options.tunnels()).map((tunnel) => tunnel.ackedDown));
    let stalled = false;
    let cutDownAt: number | undefined;
    let cutFired = false;
    let nearCut = false;
    let cutMessageStoredAtCut: boolean | undefined;

    const wireAtClick = emulator.bytes();
    const cpu = startCpuMeter(process.pid);
    const started = performance.now();
    // SATCHEL_BENCH_TRACE=<file>: a Chromium trace with V8 CPU samples of every thread, for profiling the sync;
    // SATCHEL_BENCH_TRACE_CATEGORIES=a,b,… replaces its categories (IndexedDB,blink,mojom show the browser side).
    const tracePath = process.env.SATCHEL_BENCH_TRACE;
    const trace = tracePath ? { path: tracePath, end: await startChromiumTrace(timed, process.env.SATCHEL_BENCH_TRACE_CATEGORIES?.split(',') ?? ['disabled-by-default-v8.cpu_profiler', 'v8.execute', 'toplevel']) } : null;
    const saved = await timed.evaluate((selector: string) => {
      const save = document.querySelector(selector) as HTMLElement | null;
      save?.click();
      return save !== null;
    }, selectors.accountSave);
    if (!saved) throw new Error('the account form has no save button');
    let listedSeconds = Number.NaN;
    let storedSeconds = Number.NaN;
    const timeline: Record<string, number> = {};
    const deadline = started + options.timeoutMs;
    let last: Counts = { listed: 0, stored: 0 };
    let recordsReadAt = Number.NEGATIVE_INFINITY;
    for (;;) {
      const shown = await progressShown(timed);
      const seen = `${shown.phase}${shown.phase === 'headers' && shown.done >= 0 && shown.done >= shown.total ? ' done' : ''}`;
      if (shown.phase !== null && !(seen in timeline)) timeline[seen] = round((performance.now() - started) / 1000);
      // A clean run needs the stored count only at its end; the fault cues that go by it need
      // it until they have fired (the acked-offset cut does not).
      const cuesNeedStored = Boolean(faults) && (!stalled || (cutAtAcked === undefined && cutDownAt === undefined));
      const bodiesShownDone = mayAllBeDone(shown, 'bodies');
      const pastBodies = 'bodies' in timeline && shown.phase !== 'bodies';
      const readRecords = cuesNeedStored || (bodiesShownDone && (pastBodies || performance.now() - recordsReadAt >= POLL_MS));
      if (readRecords) recordsReadAt = performance.now();
      const polled = await counts(timed, Number.isNaN(listedSeconds) && mayAllBeDone(shown, 'headers'), readRecords);
      last = { listed: polled.listed < 0 ? last.listed : polled.listed, stored: polled.stored < 0 ? last.stored : polled.stored };
      const now = performance.now();
      if (Number.isNaN(listedSeconds) && last.listed >= expected) listedSeconds = (now - started) / 1000;
      if (last.stored >= expected) {
        storedSeconds = (now - started) / 1000;
        Object.assign(attempt, cpu.stop());
        break;
      }
      if (faults) {
        if (!stalled && last.stored >= stallAfterBodies) {
          stalled = true;
          emulator.stall(faults.stallMs);
        }
        if (cutAtAcked === undefined && cutDownAt === undefined && last.stored >= cutAfterBodies) {
          // Half the cut message, at the ~0.75 that deflate leaves of base64-coded random bytes.
          cutDownAt = emulator.bytes().down + 0.5 * 0.75 * mailbox.sizes[faults.cutMessage - 1]!;
        }
        const acked = cutAtAcked !== undefined && !cutFired ? await ackedDown() : 0;
        const cutDue = cutAtAcked !== undefined ? acked >= cutAtAcked : cutDownAt !== undefined && emulator.bytes().down >= cutDownAt;
        if (!cutFired && cutDue) {
          cutFired = true;
          // The stored count as it is now, not as last read: the acked cue stops reading it.
          cutMessageStoredAtCut = (await counts(timed, false, true)).stored > cutAfterBodies;
          emulator.cutAll();
        }
        // Poll closely from a couple of megabytes before the cut.
        nearCut = !cutFired && (cutAtAcked !== undefined ? acked >= cutAtAcked - 2_000_000 : cutDownAt !== undefined);
      }
      if (now > deadline) {
        // What the app shows then (its status line and any error notice) says where it stuck.
        const screen = await timed.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 400), null).catch((error: unknown) => String(error));
        throw new Error(`timed out: ${last.listed} listed, ${last.stored} stored of ${expected}; the page showed: ${screen}`);
      }
      await sleep(nearCut ? 5 : Number.isNaN(listedSeconds) || bodiesShownDone ? FINE_POLL_MS : POLL_MS);
    }
    if (trace) writeFileSync(trace.path, await trace.end());
    cdp.close();
    cdp = null;
    browser = await chromium.connectOverCDP(chrome.endpoint);
    const audited = browser.contexts()[0]!.pages().find((p) => p.url().startsWith(options.origin));
    if (!audited) throw new Error('the app page is gone');
    page = audited;
    const wireNow = emulator.bytes();
    const wireBytes = { up: wireNow.up - wireAtClick.up, down: wireNow.down - wireAtClick.down };
    attempt.seconds = storedSeconds;

    // The sync ends with QUIT and the tunnel closes; give the log a moment to say so.
    const events = () => options.bridgeLog.slice(logStart);
    for (let i = 0; i < 50 && !events().some((e) => e.event === 'tunnel-closed'); i++) await sleep(100);
    const log = events();
    const of = (name: string) => log.filter((entry) => entry.event === name) as Array<LogEntry & Record<string, unknown>>;
    const sessions = of('tunnel-ready').length;
    const resumes = of('tunnel-resumed');
    const resentBytes = resumes.reduce((sum, e) => sum + Number(e.lost ?? 0), 0);
    const replayedBytes = resumes.reduce((sum, e) => sum + Number(e.replayed ?? 0), 0);
    const serverBytesDown = of('tunnel-closed').reduce((sum, e) => sum + Number(e.bytesDown ?? 0), 0);
    const bytesDownDeflated = of('tunnel-closed').reduce((sum, e) => sum + Number(e.bytesDownDeflated ?? 0), 0);
    const bytesDownPlain = of('tunnel-closed').reduce((sum, e) => sum + Number(e.bytesDownPlain ?? 0), 0);

    // Audit: what IndexedDB holds against the source, by hash.
    const mail = await readStoredMail(page);
    const notComplete = mail.messages.filter((m) => m.state !== 'complete').length;
    const syncErrors = mail.syncStates.map((s) => s.lastErrorCode).filter((code): code is string => code !== null);
    const byHash = new Map(mailbox.servedSha256.map((digest, i) => [digest, mailbox.messages[i]!] as const));
    const delivered: Uint8Array[] = [];
    for (const body of await bodyDigests(page, mail.messages.filter((m) => m.state === 'complete').map((m) => m.uid))) {
      const source = byHash.get(body.sha256);
      delivered.push(source ?? (await bodyBytes(page, body.uid)));
    }
    const audit = auditDelivery(mailbox.messages, delivered);

    const clean = cleanRuns.get(mailbox.user);
    if (!faults && sessions === 1 && resumes.length === 0) cleanRuns.set(mailbox.user, { serverBytesDown, wireDown: wireBytes.down });
    // Bytes the server sent twice: none if one POP3 session carried the whole sync (each
    // RETR issued once); otherwise the excess over an uninterrupted run of the same mailbox.
    const refetchedFromServer = sessions <= 1 ? 0 : clean ? Math.max(0, serverBytesDown - clean.serverBytesDown) : Number.NaN;
    const app: SatchelAppDetails = {
      sessions,
      resumes: resumes.length,
      resentBytes,
      replayedBytes,
      serverBytesDown,
      bytesDownDeflated,
      bytesDownPlain,
      refetchedFromServer,
      ...(clean && faults ? { extraWireDownBytes: wireBytes.down - clean.wireDown } : {}),
      ...(faults ? { cutFired, cutMessageStoredAtCut: cutMessageStoredAtCut ?? null, stalled } : {}),
      timeline,
      notComplete,
      syncErrors,
      pageErrors: pageErrors.slice(0, 5),
    };
    return {
      client: 'satchel',
      seconds: storedSeconds,
      listedSeconds,
      wireBytes,
      rawDownBytes: serverBytesDown,
      attempts: [attempt],
      audit,
      refetchedBytes: refetchedFromServer,
      app,
      ok: audit.lost === 0 && audit.duplicated === 0 && audit.truncated === 0 && notComplete === 0,
    };
  } catch (error) {
    return {
      client: 'satchel',
      seconds: Number.NaN,
      wireBytes: emulator.bytes(),
      attempts: [{ ...attempt, exitCode: 1, outputTail: (error as Error).message }],
      audit: auditDelivery(mailbox.messages, []),
      ok: false,
    };
  } finally {
    cdp?.close();
    await browser?.close();
    await chrome.stop();
    removeAfterBench(profileDir);
  }
}
