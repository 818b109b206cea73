/**
 * Spec 13's four counts for one killed sync, from what the browser stored and what the
 * server holds (DESIGN.md invariants 1–3), and where they are written for the full-matrix
 * script (scripts/kill-matrix.mjs) to add up.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { accountIdsOf, type StoredMail } from './stored-mail.ts';

export interface KillCounts {
  /** Messages the server held (and the policy did not delete) with no whole copy here. */
  lost: number;
  /** (account, UIDL) stored more than once, plus any second account for the same user. */
  duplicated: number;
  /** Whole messages whose stored octets differ from what the server's RETR sends (LIST, for Dovecot). */
  truncated: number;
  /** Messages gone from the server that were not committed whole here and deleted here. */
  wronglyDeleted: number;
}

export interface KillOutcomeInput {
  userName: string;
  /** The server's listing when the killed sync began. */
  before: Array<{ uid: string; size: number }>;
  /** UIDLs on the server now. */
  serverNow: string[];
  mail: StoredMail;
  bodySizes: Map<string, number>;
  /** With a delete policy: the UIDLs deleted here before the killed sync. */
  deletedHere: Set<string>;
  /** After the kill and before the next sync, only what is stored is judged, not what is missing. */
  judgeLost: boolean;
}

export function killCounts(input: KillOutcomeInput): KillCounts & { notes: string[] } {
  const notes: string[] = [];
  const ids = accountIdsOf(input.mail, input.userName);
  const records = input.mail.messages.filter((m) => ids.has(m.accountId));
  const keys = records.map((m) => `${m.accountId} ${m.uid}`);
  const duplicated = Math.max(0, ids.size - 1) + keys.length - new Set(keys).size;
  if (duplicated > 0) notes.push(`duplicated: ${ids.size} accounts, ${keys.length - new Set(keys).size} keys twice`);

  const whole = new Map(records.filter((m) => m.state === 'complete').map((m) => [m.uid, m]));
  const sizeOnServer = new Map(input.before.map((m) => [m.uid, m.size]));
  let truncated = 0;
  for (const message of whole.values()) {
    if (message.deletedLocally) continue; // deleting here may drop the body; the record stays as a tombstone
    const expected = sizeOnServer.get(message.uid);
    const octets = input.bodySizes.get(`${message.accountId} ${message.uid}`);
    if (expected !== undefined && octets !== expected) {
      truncated++;
      notes.push(`truncated: ${message.uid} holds ${octets ?? 'no'} octets of ${expected}`);
    }
  }

  let lost = 0;
  if (input.judgeLost) {
    for (const { uid } of input.before) {
      if (input.deletedHere.has(uid)) continue;
      const stored = whole.get(uid);
      if (stored === undefined || stored.deletedLocally) {
        lost++;
        notes.push(`lost: ${uid}`);
      }
    }
  }

  const onServer = new Set(input.serverNow);
  let wronglyDeleted = 0;
  for (const { uid } of input.before) {
    if (onServer.has(uid)) continue;
    const stored = whole.get(uid);
    if (!input.deletedHere.has(uid) || stored === undefined || !stored.deletedLocally) {
      wronglyDeleted++;
      notes.push(`wrongly deleted: ${uid}`);
    }
  }
  return { lost, duplicated, truncated, wronglyDeleted, notes };
}

/** Where each point's result goes (outside Playwright's outputDir, which it empties). */
const KILL_RESULTS_DIR = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'kill-matrix');

export async function writeKillResult(id: string, result: object): Promise<void> {
  await mkdir(KILL_RESULTS_DIR, { recursive: true });
  await writeFile(join(KILL_RESULTS_DIR, `${id}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
