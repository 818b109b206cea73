/**
 * The 20 points of a sync at which spec 13 kills Chromium (SIGKILL, every process), spread
 * over a whole sync: login and listing, headers first, after k committed bodies, inside one
 * large body on the slow link, and, with a delete policy, while DELEs go out and just before
 * QUIT. Each point has its own Dovecot user (global-setup.ts), so a point's deletions and
 * deliveries touch no one else's maildrop and the points run in any order.
 */
/** The sync progress bar's data-phase values (SyncProgressBar.svelte). */
export type SyncPhase = 'connecting' | 'listing' | 'headers' | 'bodies' | 'deleting' | 'closing';

export type KillTrigger =
  /** The progress bar first shows `phase`; then `afterMs` more. */
  | { kind: 'phase'; phase: SyncPhase; afterMs?: number }
  /** At least `count` whole bodies of this sync are committed in IndexedDB. */
  | { kind: 'bodies'; count: number }
  /** The deleting phase has counted at least `count` DELEs answered. */
  | { kind: 'deletes'; count: number };

export interface KillPoint {
  /** Also the Dovecot user's name. */
  id: string;
  /** Where the kill is meant to land, in words (the test title). */
  where: string;
  /** `direct`: implicit TLS to Dovecot; `slow`: through the 4 Mbit/s, 50 ms RTT link emulator. */
  link: 'direct' | 'slow';
  /**
   * `leave`: one sync, killed. `delete-when-deleted-here`: a first sync runs to its end, some
   * messages are deleted here and new mail arrives, and the second sync (bodies, then DELEs,
   * then QUIT) is the one killed.
   */
  policy: 'leave' | 'delete-when-deleted-here';
  /** generateMailbox options for the user's maildrop at start. */
  mailbox: { count: number; seed: number; largeEvery?: number };
  trigger: KillTrigger;
  /**
   * The kill must find some of this sync's bodies committed and not all of them: bodies are
   * committed as they arrive (OrderedWork once held them until a bound or the end of the download).
   */
  whileBodiesArrive?: true;
}

/** With a delete policy: how many messages are deleted here, and how many arrive, before the killed sync. */
export const DELETED_HERE = 5;
export const ARRIVING = 4;

const small = (seed: number) => ({ count: 30, seed });
/** 30 messages of 1.8–2.5 MB in all: 4–5 s of bodies on the slow link, ten or so batches. */
const sizable = (seed: number) => ({ count: 30, seed });
/** The newest message (fetched first) is a 1–2 MB one: a body that takes seconds on the slow link. */
const largeNewest = (seed: number) => ({ count: 8, seed, largeEvery: 8 });
const forDeletion = (seed: number) => ({ count: 10, seed });

const KILL_POINTS: readonly KillPoint[] = [
  { id: 'kill01', where: 'while connecting on the direct link', link: 'direct', policy: 'leave', mailbox: small(1701), trigger: { kind: 'phase', phase: 'connecting' } },
  { id: 'kill02', where: 'while listing on the direct link', link: 'direct', policy: 'leave', mailbox: small(1702), trigger: { kind: 'phase', phase: 'listing' } },
  { id: 'kill03', where: 'during headers first on the direct link', link: 'direct', policy: 'leave', mailbox: small(1703), trigger: { kind: 'phase', phase: 'headers' } },
  { id: 'kill04', where: 'after the first committed bodies of megabyte messages on the direct link', link: 'direct', policy: 'leave', mailbox: { count: 12, seed: 1704, largeEvery: 3 }, trigger: { kind: 'bodies', count: 1 } },
  { id: 'kill05', where: 'while logging in on the slow link', link: 'slow', policy: 'leave', mailbox: small(1705), trigger: { kind: 'phase', phase: 'connecting', afterMs: 150 } },
  { id: 'kill06', where: 'while listing on the slow link', link: 'slow', policy: 'leave', mailbox: small(1706), trigger: { kind: 'phase', phase: 'listing' } },
  { id: 'kill07', where: 'during headers first on the slow link', link: 'slow', policy: 'leave', mailbox: small(1707), trigger: { kind: 'phase', phase: 'headers' } },
  { id: 'kill08', where: 'once headers are in, before any body, on the slow link', link: 'slow', policy: 'leave', mailbox: small(1708), trigger: { kind: 'phase', phase: 'bodies' } },
  { id: 'kill09', where: 'after 1 committed body on the slow link', link: 'slow', policy: 'leave', mailbox: sizable(1711), trigger: { kind: 'bodies', count: 1 }, whileBodiesArrive: true },
  { id: 'kill10', where: 'after 5 committed bodies on the slow link', link: 'slow', policy: 'leave', mailbox: sizable(1728), trigger: { kind: 'bodies', count: 5 }, whileBodiesArrive: true },
  { id: 'kill11', where: 'after 12 committed bodies on the slow link', link: 'slow', policy: 'leave', mailbox: sizable(1732), trigger: { kind: 'bodies', count: 12 }, whileBodiesArrive: true },
  { id: 'kill12', where: 'after 20 committed bodies on the slow link', link: 'slow', policy: 'leave', mailbox: sizable(1734), trigger: { kind: 'bodies', count: 20 }, whileBodiesArrive: true },
  { id: 'kill13', where: 'after 27 of 30 committed bodies on the slow link', link: 'slow', policy: 'leave', mailbox: sizable(1735), trigger: { kind: 'bodies', count: 27 } },
  { id: 'kill14', where: 'early inside a large body on the slow link', link: 'slow', policy: 'leave', mailbox: largeNewest(1714), trigger: { kind: 'phase', phase: 'bodies', afterMs: 300 } },
  { id: 'kill15', where: 'late inside a large body on the slow link', link: 'slow', policy: 'leave', mailbox: largeNewest(1715), trigger: { kind: 'phase', phase: 'bodies', afterMs: 1_500 } },
  { id: 'kill16', where: 'with a delete policy, once new bodies are committed, before the DELEs', link: 'slow', policy: 'delete-when-deleted-here', mailbox: forDeletion(1716), trigger: { kind: 'bodies', count: 1 } },
  { id: 'kill17', where: 'with a delete policy, after the first DELE', link: 'slow', policy: 'delete-when-deleted-here', mailbox: forDeletion(1717), trigger: { kind: 'deletes', count: 1 } },
  { id: 'kill18', where: 'with a delete policy, after 3 of 5 DELEs', link: 'slow', policy: 'delete-when-deleted-here', mailbox: forDeletion(1718), trigger: { kind: 'deletes', count: 3 } },
  { id: 'kill19', where: 'with a delete policy, as QUIT goes out after the last DELE', link: 'slow', policy: 'delete-when-deleted-here', mailbox: forDeletion(1719), trigger: { kind: 'phase', phase: 'closing' } },
  { id: 'kill20', where: 'with a delete policy, while deleting on the direct link', link: 'direct', policy: 'delete-when-deleted-here', mailbox: forDeletion(1720), trigger: { kind: 'phase', phase: 'deleting' } },
];

/** What `npm test` runs: one point from each part of a sync, a slow link and a delete policy among them. */
const KILL_POINT_SUBSET: readonly string[] = ['kill03', 'kill10', 'kill14', 'kill18'];

/** The variable that picks the points: unset, the subset; `all`; or a comma-separated list of ids. */
const KILL_MATRIX_VARIABLE = 'SATCHEL_KILL_MATRIX';

/** The points this run takes (the global setup makes maildrops for these only: 34 MB for all 20). */
export function selectedKillPoints(): readonly KillPoint[] {
  const chosen = process.env[KILL_MATRIX_VARIABLE] ?? '';
  if (chosen === 'all') return KILL_POINTS;
  const ids = chosen === '' ? KILL_POINT_SUBSET : chosen.split(',').map((id) => id.trim());
  return KILL_POINTS.filter((point) => ids.includes(point.id));
}
