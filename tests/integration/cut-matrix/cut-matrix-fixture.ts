// One case of the cut matrix: a Dovecot user with real corpus messages, an earlier sync that
// committed some, new mail, a sync cut at a named point (phase-cut-proxy.ts), then syncs until
// nothing is left to do, and the tally of what went wrong (all zero, or the case fails).
import WebSocket from 'ws';
import { messageAsServed } from '../../../shared/sync/index.ts';
import { openResumableTunnel, type ResumableTunnel } from '../../../shared/tunnel/index.ts';
import { deleteLocally, getMessageBody, type AccountRecord, type SatchelDatabase } from '../../../web/src/lib/storage/index.ts';
import { runSync } from '../../../web/src/lib/sync/engine/run-sync.ts';
import type { SyncSummary } from '../../../web/src/lib/sync/sync-messages.ts';
import { TEST_ORIGIN } from '../../support/bridge-fixture.ts';
import type { DovecotServer } from '../../support/dovecot-harness.ts';
import type { LinkEmulator } from '../../support/link-emulator.ts';
import type { PhaseCutProxy } from '../../support/phase-cut-proxy.ts';
import { account, freshDb, PASSWORD, serverUids, serverView, settings } from '../web-sync/run-sync-fixture.ts';
import type { NamedCutPoint } from './cut-points.ts';

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
/** Syncs after the cut before the case counts as not converging. */
const MAX_SYNCS_AFTER_CUT = 4;

/** Both deleting policies DELE the earlier sync's messages in the cut sync. */
export type Policy = 'leave' | 'delete-after-days' | 'delete-when-deleted-here';
/**
 * Where and how the link is cut: between bridge and mail server by a reset (`server`) or by
 * the server's side closing (`server-fin`), or between browser and bridge (`browser`).
 */
export type Side = 'server' | 'server-fin' | 'browser';

export interface CutMatrixRig {
  dovecot: DovecotServer;
  proxy: PhaseCutProxy;
  /** In front of the bridge, for the browser-side cuts. */
  front: LinkEmulator;
  /** ws://… of the bridge, and of the bridge behind `front`. */
  tunnelUrl: string;
  frontTunnelUrl: string;
}

export interface CaseTally {
  name: string;
  policy: Policy;
  side: Side;
  cutsInARow: number;
  reached: boolean;
  /** Of the cuts in a row, how many the sessions reached (a later sync may not come that far). */
  cutsReached: number;
  /** Resumes of the cut sync's tunnel (a browser-side cut needs one). */
  resumes: number;
  /** The cut sync's failure code, or null when it finished. */
  cutCode: string | null;
  syncsAfterCut: number;
  converged: boolean;
  lost: number;
  duplicated: number;
  /** Messages the syncs after the cut downloaded again though the cut sync had committed them. */
  refetched: number;
  truncated: number;
  wronglyDeleted: number;
  ms: number;
}

function policyOf(policy: Policy): AccountRecord['policy'] {
  // Days 0: everything committed by an earlier sync is due, so the cut sync DELEs it.
  return policy === 'delete-after-days' ? { kind: 'delete-after-days', days: 0 } : { kind: policy };
}

/** Opens the sync's channel; `tunnels` collects each tunnel, to count its resumes. */
function opener(url: string, tunnels: ResumableTunnel[] = []) {
  return () =>
    openResumableTunnel({
      url,
      target: 'cut',
      createWebSocket: (u) => new WebSocket(u, { origin: TEST_ORIGIN, perMessageDeflate: true }),
      handshakeTimeoutMs: 10_000,
      backoff: { initialMs: 50, maxMs: 400, jitter: 1 },
      maxReconnectMs: 10_000,
    }).then((tunnel) => {
      tunnels.push(tunnel);
      return tunnel;
    });
}

interface Expected {
  uids: string[];
  bytes: Map<string, Uint8Array>;
}

/** What is wrong locally against the server's current view and the original set. */
async function inspect(db: SatchelDatabase, accountId: string, expected: Expected, onServer: string[], policy: Policy) {
  const records = await db.getAll('messages', IDBKeyRange.bound([accountId], [accountId, []]));
  const complete = new Set<string>();
  const truncated: string[] = [];
  for (const record of records.filter((r) => r.state === 'complete')) {
    const body = await getMessageBody(db, accountId, record.uid);
    const want = expected.bytes.get(record.uid);
    if (want === undefined || !(body instanceof Uint8Array) || Buffer.compare(Buffer.from(body), Buffer.from(want)) !== 0) truncated.push(record.uid);
    else complete.add(record.uid);
  }
  const known = new Set(expected.uids);
  const server = new Set(onServer);
  const gone = expected.uids.filter((uid) => !server.has(uid));
  return {
    complete,
    truncated,
    // Records are keyed by (account, UIDL), so a second copy can only be under another key.
    duplicated: records.filter((r) => !known.has(r.uid)).length,
    wronglyDeleted: gone.filter((uid) => policy === 'leave' || !complete.has(uid)).length,
  };
}

/**
 * @param cutsInARow 2 cuts the first sync after the cut too, at the same point where it comes:
 *   a message cut twice waits out a backoff (fetch-backoff.ts), so the syncs after that run a
 *   day later.
 */
export async function runCase(rig: CutMatrixRig, user: string, cut: NamedCutPoint, policy: Policy, side: Side, newMail: Uint8Array[], cutsInARow = 1): Promise<CaseTally> {
  const started = performance.now();
  const db = await freshDb();
  const acct = account(user, policyOf(policy));
  const storedComplete: string[] = [];
  const sync = (url: string, now: number, tunnels?: ResumableTunnel[]): Promise<SyncSummary> =>
    runSync({ openChannel: opener(url, tunnels), db, account: acct, password: PASSWORD, settings: settings(), now: () => now, onUpdate: (u) => {
      if (u.type === 'stored' && u.state === 'complete') storedComplete.push(...u.uids);
    } });

  // The earlier sync that committed the old messages, then new mail.
  await sync(rig.tunnelUrl, T0);
  if (policy === 'delete-when-deleted-here') for (const record of await db.getAll('messages')) await deleteLocally(db, acct.id, record.uid);
  for (const message of newMail) await rig.dovecot.deliver(user, message);
  const view = await serverView(rig.dovecot, user);
  const expected: Expected = { uids: view.uids, bytes: new Map([...view.bodies].map(([uid, b]) => [uid, messageAsServed(b.bytes, b.size).bytes])) };

  rig.proxy.arm(cut.point, side === 'browser' ? { onReached: async () => rig.front.cutAll() } : { cutBy: side === 'server-fin' ? 'close' : 'reset' });
  const cutSyncAt = T0 + DAY_MS;
  const cutTunnels: ResumableTunnel[] = [];
  const cutCode = await sync(side === 'browser' ? rig.frontTunnelUrl : rig.tunnelUrl, cutSyncAt, cutTunnels).then(
    () => null,
    (error: { code?: string }) => error.code ?? String(error),
  );
  const reached = rig.proxy.reached();
  let cutsReached = reached ? 1 : 0;
  let afterCut = await inspect(db, acct.id, expected, await serverUids(rig.dovecot, user), policy);
  const truncatedOnTheWay = new Set(afterCut.truncated);
  let wronglyDeletedOnTheWay = afterCut.wronglyDeleted;
  for (let again = 1; again < cutsInARow; again++) {
    rig.proxy.arm(cut.point, { cutBy: 'reset' });
    await sync(rig.tunnelUrl, cutSyncAt).catch(() => null);
    if (rig.proxy.reached()) cutsReached++;
    afterCut = await inspect(db, acct.id, expected, await serverUids(rig.dovecot, user), policy);
    for (const uid of afterCut.truncated) truncatedOnTheWay.add(uid);
    wronglyDeletedOnTheWay = Math.max(wronglyDeletedOnTheWay, afterCut.wronglyDeleted);
  }

  storedComplete.length = 0;
  let syncsAfterCut = 0;
  let converged = false;
  while (!converged && syncsAfterCut < MAX_SYNCS_AFTER_CUT) {
    syncsAfterCut++;
    const summary = await sync(rig.tunnelUrl, cutSyncAt + (cutsInARow > 1 ? DAY_MS : 0)).catch(() => null);
    converged = summary !== null && summary.headersStored === 0 && summary.bodiesStored === 0 && summary.deletedOnServer === 0;
  }
  const final = await inspect(db, acct.id, expected, await serverUids(rig.dovecot, user), policy);
  db.close();
  return {
    name: cut.name,
    policy,
    side,
    cutsInARow,
    reached,
    cutsReached,
    resumes: cutTunnels.reduce((n, t) => n + t.stats().reconnects, 0),
    cutCode,
    syncsAfterCut,
    converged,
    lost: expected.uids.filter((uid) => !final.complete.has(uid)).length,
    duplicated: final.duplicated,
    refetched: storedComplete.filter((uid) => afterCut.complete.has(uid)).length,
    truncated: new Set([...truncatedOnTheWay, ...final.truncated]).size,
    wronglyDeleted: Math.max(wronglyDeletedOnTheWay, final.wronglyDeleted),
    ms: performance.now() - started,
  };
}
