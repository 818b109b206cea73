/**
 * The Worker half of thread-commit-cost.ts, bundled by esbuild from one source tree (this
 * branch, or a checkout of another commit for the baseline) and run in a dedicated Worker of
 * the bench's Chromium, as the sync Worker commits. It loads a message set over http, reads
 * each message's metadata untimed (as TOP n 8 answers and whole), then, timed, commits the
 * headers and then the whole messages in batches into a fresh database, as a first sync does.
 */
import { extractMetadata } from '../../../web/src/lib/message/message-metadata.ts';
import { quickMetadata } from '../../../web/src/lib/message/quick-metadata.ts';
import { commitMessages, openSatchelDB, type MessageCommit } from '../../../web/src/lib/storage/index.ts';

export type CostRequest = { type: 'load'; url: string; sizes: number[]; previews: number[] } | { type: 'run'; run: number; batch: number };

export interface CostAnswer {
  headerMs: number;
  wholeMs: number;
  messages: number;
}

const STORED_AT = Date.UTC(2026, 0, 1);
const scope = globalThis as unknown as { postMessage: (message: unknown) => void; addEventListener: (type: 'message', listener: (event: MessageEvent) => void) => void };
let headers: MessageCommit[] = [];
let wholes: MessageCommit[] = [];

async function commitOf(uid: string, raw: Uint8Array, state: 'header' | 'complete', listed: number): Promise<MessageCommit> {
  const meta = quickMetadata(raw, STORED_AT) ?? (await extractMetadata(raw, { fallbackDate: STORED_AT }));
  return { accountId: 'bench', uid, ...meta, size: state === 'complete' ? raw.byteLength : listed, flags: { seen: false }, state, storedAt: STORED_AT, deletedLocally: false, raw } as MessageCommit;
}

async function load(url: string, sizes: number[], previews: number[]): Promise<void> {
  const all = new Uint8Array(await (await fetch(url)).arrayBuffer());
  headers = [];
  wholes = [];
  let at = 0;
  for (let i = 0; i < sizes.length; i++) {
    const whole = all.slice(at, at + sizes[i]!);
    at += sizes[i]!;
    headers.push(await commitOf(`m${i}`, whole.slice(0, previews[i]!), 'header', whole.byteLength));
    wholes.push(await commitOf(`m${i}`, whole, 'complete', whole.byteLength));
  }
}

async function timedCommits(db: Awaited<ReturnType<typeof openSatchelDB>>, commits: MessageCommit[], batch: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < commits.length; i += batch) await commitMessages(db, commits.slice(i, i + batch));
  return performance.now() - started;
}

async function run(runNumber: number, batch: number): Promise<CostAnswer> {
  const db = await openSatchelDB({ name: `thread-commit-cost-${runNumber}` });
  try {
    const headerMs = await timedCommits(db, headers, batch);
    const wholeMs = await timedCommits(db, wholes, batch);
    return { headerMs, wholeMs, messages: headers.length };
  } finally {
    db.close();
    indexedDB.deleteDatabase(`thread-commit-cost-${runNumber}`);
  }
}

scope.addEventListener('message', (event: MessageEvent) => {
  const request = event.data as CostRequest & { id: number };
  const answer = request.type === 'load' ? load(request.url, request.sizes, request.previews).then(() => null) : run(request.run, request.batch);
  answer.then(
    (result) => scope.postMessage({ id: request.id, result }),
    (error: unknown) => scope.postMessage({ id: request.id, error: String(error) }),
  );
});
