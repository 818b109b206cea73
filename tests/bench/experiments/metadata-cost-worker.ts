/**
 * The Worker half of metadata-cost.ts, bundled by esbuild and run in a dedicated Worker of the
 * bench's Chromium, as the sync Worker runs the same modules. It loads message sets over http
 * and, on request, times one variant over one set:
 * - `quick+postal`: fetch-messages.ts's toCommit, `quickMetadata(raw) ?? await extractMetadata(raw)`,
 *   with toCommit's yieldTurnIfDue before each message;
 * - `postal`: extractMetadata (postal-mime, budgeted, with its attachment stripping) alone,
 *   with the same yield;
 * - `quick`: quickMetadata alone (no fallback), for what it costs on the messages it refuses.
 * `compare` reads every message both ways (untimed) and lists where they differ.
 */
import { extractMetadata, type MessageMetadata } from '../../../web/src/lib/message/message-metadata.ts';
import { quickMetadata } from '../../../web/src/lib/message/quick-metadata.ts';
import { yieldTurnIfDue } from '../../../web/src/lib/platform/worker-turns.ts';

export type Variant = 'quick+postal' | 'postal' | 'quick';

export type WorkerRequest =
  | { type: 'load'; name: string; url: string; sizes: number[] }
  | { type: 'run'; set: string; variant: Variant }
  | { type: 'compare'; set: string };

export interface RunAnswer {
  totalMs: number;
  /** Messages quickMetadata answered (in `postal` runs: would have answered). */
  handled: number;
  /** Time spent on those messages, and on the rest. */
  handledMs: number;
  restMs: number;
  /** Messages whose metadata came with a metadataIssue (postal-mime refused or ran out of budget). */
  issues: number;
}

export interface CompareAnswer {
  handled: number;
  differing: number;
  /** The first few differences: message index, field, both values. */
  examples: Array<{ index: number; field: string; quick: unknown; postal: unknown }>;
  /** extractMetadata's metadataIssue, by code, over the whole set. */
  postalIssues: Record<string, number>;
}

const STORED_AT = Date.UTC(2026, 0, 1);
const sets = new Map<string, { messages: Uint8Array[]; quickHandles: boolean[] }>();
const scope = globalThis as unknown as { postMessage: (message: unknown) => void; addEventListener: (type: 'message', listener: (event: MessageEvent) => void) => void };

async function load(url: string, sizes: number[]): Promise<{ messages: Uint8Array[]; quickHandles: boolean[] }> {
  const all = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const messages: Uint8Array[] = [];
  let at = 0;
  // Each message in an exact-size buffer of its own, as the POP3 decoder hands them over.
  for (const size of sizes) {
    messages.push(all.slice(at, at + size));
    at += size;
  }
  return { messages, quickHandles: messages.map((raw) => quickMetadata(raw, STORED_AT) !== null) };
}

async function run(set: string, variant: Variant): Promise<RunAnswer> {
  const { messages, quickHandles } = sets.get(set)!;
  const answer: RunAnswer = { totalMs: 0, handled: 0, handledMs: 0, restMs: 0, issues: 0 };
  const started = performance.now();
  for (const [index, raw] of messages.entries()) {
    await yieldTurnIfDue();
    const before = performance.now();
    let meta: MessageMetadata | null;
    let quick: MessageMetadata | null = null;
    if (variant === 'postal') {
      meta = await extractMetadata(raw, { fallbackDate: STORED_AT });
    } else {
      quick = quickMetadata(raw, STORED_AT);
      meta = quick ?? (variant === 'quick' ? null : await extractMetadata(raw, { fallbackDate: STORED_AT }));
    }
    const spent = performance.now() - before;
    const handled = variant === 'postal' ? quickHandles[index]! : quick !== null;
    if (handled) {
      answer.handled++;
      answer.handledMs += spent;
    } else {
      answer.restMs += spent;
    }
    if (meta !== null && meta.metadataIssue !== undefined) answer.issues++;
  }
  answer.totalMs = performance.now() - started;
  return answer;
}

async function compare(set: string): Promise<CompareAnswer> {
  const { messages } = sets.get(set)!;
  const answer: CompareAnswer = { handled: 0, differing: 0, examples: [], postalIssues: {} };
  for (const [index, raw] of messages.entries()) {
    const postal = await extractMetadata(raw, { fallbackDate: STORED_AT });
    if (postal.metadataIssue !== undefined) answer.postalIssues[postal.metadataIssue] = (answer.postalIssues[postal.metadataIssue] ?? 0) + 1;
    const quick = quickMetadata(raw, STORED_AT);
    if (quick === null) continue;
    answer.handled++;
    const fields = [...new Set([...Object.keys(quick), ...Object.keys(postal)])] as Array<keyof MessageMetadata>;
    const differing = fields.filter((field) => canonical(quick[field]) !== canonical(postal[field]));
    if (differing.length === 0) continue;
    answer.differing++;
    for (const field of differing) if (answer.examples.length < 10) answer.examples.push({ index, field, quick: quick[field], postal: postal[field] });
  }
  return answer;
}

/** JSON with object keys sorted, so key order does not count as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  ) ?? 'undefined';
}

scope.addEventListener('message', (event) => {
  const request = event.data as WorkerRequest & { id: number };
  const work = async (): Promise<unknown> => {
    if (request.type === 'load') {
      sets.set(request.name, await load(request.url, request.sizes));
      return { handled: sets.get(request.name)!.quickHandles.filter(Boolean).length };
    }
    return request.type === 'run' ? run(request.set, request.variant) : compare(request.set);
  };
  work().then(
    (result) => scope.postMessage({ id: request.id, result }),
    (error: unknown) => scope.postMessage({ id: request.id, error: String((error as Error)?.stack ?? error) }),
  );
});
