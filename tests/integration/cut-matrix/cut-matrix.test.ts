// The cut matrix (DESIGN.md invariants 1-3): a sync cut at every named point of its POP3 session, under
// leave-on-server and under a policy that deletes in the cut sync, on the bridge↔server link
// and on the browser↔bridge link (where the resumable tunnel should carry on). After the cut,
// syncs run until one has nothing left to do; then nothing may be lost, stored twice,
// truncated, or gone from the server without being committed here (DESIGN.md invariants 1–3).
//
// npm test runs a fixed sample; `npm run test:cut-matrix` (CUT_MATRIX=full) runs every case.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBridge } from '../../support/bridge-fixture.ts';
import { loadCorpus, type CorpusMessage } from '../../support/corpus.ts';
import { startDovecot } from '../../support/dovecot-harness.ts';
import { startLinkEmulator } from '../../support/link-emulator.ts';
import { startPhaseCutProxy } from '../../support/phase-cut-proxy.ts';
import { PASSWORD } from '../web-sync/run-sync-fixture.ts';
import { CUT_POINTS, NEW_MESSAGES, OLD_MESSAGES, SAMPLED_POINTS } from './cut-points.ts';
import { runCase, type CaseTally, type CutMatrixRig, type Policy, type Side } from './cut-matrix-fixture.ts';

const FULL = process.env.CUT_MATRIX === 'full';
/** The sample's share of the other sides: the resumable tunnel, and a server that closes. */
const SAMPLED_BROWSER_SIDE = new Set(['RETR#2: half', 'QUIT#1: answered, client heard nothing']);
const SAMPLED_SERVER_FIN = new Set(['RETR#2: all but the terminator', 'DELE#1: answered, client heard nothing']);

/** Cut twice in a row in the sample: a message whose fetch failed twice waits out a backoff. */
const SAMPLED_TWICE = new Set(['TOP#1: half', 'RETR#1: half']);

interface MatrixCase {
  user: string;
  index: number;
  side: Side;
  policy: Policy;
  cut: (typeof CUT_POINTS)[number];
  cutsInARow: number;
}

const ONCE = (['server', 'server-fin', 'browser'] as const).flatMap((side) =>
  (['leave', 'delete-after-days', 'delete-when-deleted-here'] as const).flatMap((policy) =>
    CUT_POINTS.filter((cut) => policy !== 'leave' || cut.deletesOnly !== true).map((cut) => ({ side, policy, cut, cutsInARow: 1 })),
  ),
);
// Per-message failure records come from TOP and RETR cuts only.
const TWICE = CUT_POINTS.filter((cut) => /^(TOP|RETR)#/.test(cut.name)).map((cut) => ({ side: 'server' as const, policy: 'delete-after-days' as const, cut, cutsInARow: 2 }));
const ALL_CASES: MatrixCase[] = [...ONCE, ...TWICE].map((c, index) => ({ ...c, index, user: `cut${index}` }));

const SAMPLE = { server: SAMPLED_POINTS, 'server-fin': [...SAMPLED_SERVER_FIN], browser: [...SAMPLED_BROWSER_SIDE] };
const CASES = FULL ? ALL_CASES : ALL_CASES.filter((c) => (c.cutsInARow === 1 ? SAMPLE[c.side].includes(c.cut.name) : SAMPLED_TWICE.has(c.cut.name)));

/** Real corpus messages of a few KB to tens of KB; every case's second new one has dot-stuffed lines. */
function mailFor(corpus: CorpusMessage[], index: number): { old: Uint8Array[]; fresh: Uint8Array[] } {
  const fit = corpus.filter((m) => m.bytes.byteLength >= 2_000 && m.bytes.byteLength <= 40_000);
  const dotted = fit.filter((m) => /(^|\n)\./.test(Buffer.from(m.bytes).toString('latin1')));
  const pick = (k: number) => fit[(index * (OLD_MESSAGES + NEW_MESSAGES) + k) % fit.length]!.bytes;
  const fresh = Array.from({ length: NEW_MESSAGES }, (_, k) => (k === 1 ? dotted[index % dotted.length]!.bytes : pick(OLD_MESSAGES + k)));
  return { old: Array.from({ length: OLD_MESSAGES }, (_, k) => pick(k)), fresh };
}

let corpus: CorpusMessage[];
let rig: CutMatrixRig;
let closeAll: () => Promise<void>;
const tallies: CaseTally[] = [];
const startedAt = performance.now();

beforeAll(async () => {
  corpus = await loadCorpus();
  const dovecot = await startDovecot({ users: CASES.map((c) => ({ user: c.user, password: PASSWORD, messages: mailFor(corpus, c.index).old })) });
  const proxy = await startPhaseCutProxy({ host: dovecot.host, port: dovecot.pop3Port });
  const bridge = await startTestBridge(dovecot.pki.caCertFile, [
    { name: 'cut', label: 'Dovecot behind the phase-cut proxy', host: '127.0.0.1', port: proxy.port, tls: 'plaintext', allowLocal: true },
  ]);
  const front = await startLinkEmulator({ target: { host: '127.0.0.1', port: Number(new URL(bridge.url).port) } });
  rig = { dovecot, proxy, front, tunnelUrl: bridge.tunnelUrl, frontTunnelUrl: `ws://127.0.0.1:${front.port}/tunnel` };
  closeAll = async () => {
    await front.close();
    await bridge.close();
    await proxy.close();
    await dovecot.stop();
  };
}, 120_000);

afterAll(async () => {
  await closeAll?.();
  const sum = (key: 'lost' | 'duplicated' | 'refetched' | 'truncated' | 'wronglyDeleted') => tallies.reduce((s, t) => s + t[key], 0);
  const report = {
    cutPoints: new Set(tallies.map((t) => t.name)).size,
    cases: tallies.length,
    reached: tallies.filter((t) => t.reached).length,
    cutTwice: tallies.filter((t) => t.cutsReached > 1).length,
    converged: tallies.filter((t) => t.converged).length,
    lost: sum('lost'),
    duplicated: sum('duplicated'),
    refetched: sum('refetched'),
    truncated: sum('truncated'),
    wronglyDeleted: sum('wronglyDeleted'),
    cutSyncFinished: tallies.filter((t) => t.cutCode === null).length,
    cutCodes: tallies.reduce<Record<string, number>>((codes, t) => ({ ...codes, [t.cutCode ?? 'none']: (codes[t.cutCode ?? 'none'] ?? 0) + 1 }), {}),
    wallMs: Math.round(performance.now() - startedAt),
  };
  console.info(`[cut-matrix] ${JSON.stringify(report)}`);
  if (process.env.CUT_MATRIX_REPORT) writeFileSync(process.env.CUT_MATRIX_REPORT, JSON.stringify({ ...report, tallies }, null, 2));
});

describe('the cut matrix', () => {
  it('has at least 100 cut points that both kinds of policy meet, and samples only points it has', () => {
    expect(CUT_POINTS.filter((c) => c.deletesOnly !== true).length).toBeGreaterThanOrEqual(100);
    expect(new Set(CUT_POINTS.map((c) => c.name)).size).toBe(CUT_POINTS.length);
    const names = new Set(CUT_POINTS.map((c) => c.name));
    expect([...SAMPLED_POINTS, ...SAMPLED_BROWSER_SIDE, ...SAMPLED_SERVER_FIN, ...SAMPLED_TWICE].filter((name) => !names.has(name))).toEqual([]);
  });
});

describe('a sync cut at a named point of its session converges with nothing lost, doubled, truncated or wrongly deleted', () => {
  it.each(CASES.map((c) => [`${c.side} side, ${c.policy}${c.cutsInARow > 1 ? ', cut twice' : ''}: ${c.cut.name}`, c] as const))('%s', async (_title, c) => {
    const tally = await runCase(rig, c.user, c.cut, c.policy, c.side, mailFor(corpus, c.index).fresh, c.cutsInARow);
    tallies.push(tally);
    expect(tally.reached, 'the session reached the cut point').toBe(true);
    expect({ converged: tally.converged, lost: tally.lost, duplicated: tally.duplicated, refetched: tally.refetched, truncated: tally.truncated, wronglyDeleted: tally.wronglyDeleted }).toEqual({
      converged: true,
      lost: 0,
      duplicated: 0,
      refetched: 0,
      truncated: 0,
      wronglyDeleted: 0,
    });
    // Past the bridge the link is resumable: a browser-side cut costs the sync nothing.
    if (c.side === 'browser') expect({ cutCode: tally.cutCode, resumed: tally.resumes > 0 }).toEqual({ cutCode: null, resumed: c.cut.afterLastByte !== true });
  });
});
