// How long reading one message's metadata may take. Linear scans bound the cost per byte,
// but postal-mime still costs ~20 µs a line on some shapes (1,000,000 bare LF lines in a
// multipart took 20 s in Node), so such a message is stopped by its budget instead: it is
// stored with the metadata its raw header gives, and the reason on the message (DESIGN.md invariant 9).
import { turnIsDue, yieldTurn } from '../platform/worker-turns.ts';

/**
 * Time one message's metadata may take: a fixed part plus a part per MiB. postal-mime costs
 * ~5 µs a line of ordinary text in Node, ~25 µs with the machine loaded 5x (load average 11
 * on 2 cores): 9.3 MiB of 80-byte lines took 3.1-8.2 s so loaded. 1 s per MiB leaves such
 * mail room even then. Hostile mail is many times more lines per MiB, and its lines are
 * charged as they come (below): 1 MiB of bare LF lines, which cost postal-mime 20 s, is
 * stopped within 0.5 s.
 */
export const MESSAGE_BUDGET = { baseMs: 2000, perMiBMs: 1000 };
/**
 * What each line is charged in advance. postal-mime gathers a part's lines into one Blob when
 * the part ends (two Blob parts a line), a single step no checkpoint can interrupt, and
 * Blob costs ~5-10 µs a part in Node (800,000 parts: 5.3 s to build, 3.3 s to read): 1 MB of
 * bare LF lines spent 18 s there. Charging the lines as they come stops such a part before
 * its Blob is built; ordinary text (a line per ~70 bytes) is charged ~150 ms per MiB.
 */
const LINE_CHARGE_MS = 0.01;

export class MessageBudgetExceeded extends Error {
  readonly code = 'SYNC_ERR_MESSAGE_BUDGET';

  constructor(spentMs: number) {
    super(`reading the message took more than its budget (${Math.round(spentMs)} ms)`);
    this.name = 'MessageBudgetExceeded';
  }
}

export class MessageWorkBudget {
  readonly #limitMs: number;
  readonly #startedAt = performance.now();
  /** Time given to others in turns: not this message's work. */
  #yieldedMs = 0;
  #lines = 0;

  constructor(messageBytes: number, budget = MESSAGE_BUDGET) {
    this.#limitMs = budget.baseMs + (budget.perMiBMs * messageBytes) / (1024 * 1024);
  }

  /**
   * Call before each line of the work. Null when the work may go on at once (the common case,
   * cheap); else a promise that yields a turn to the rest of the Worker, and rejects with
   * MessageBudgetExceeded when this message has had its time. Its time is wall time minus
   * the turns it gave away (awaits inside the parse, rare and short, count as its own), plus
   * LINE_CHARGE_MS a line.
   */
  checkpoint(): Promise<void> | null {
    this.#lines++;
    if (!turnIsDue()) return null;
    const spentMs = performance.now() - this.#startedAt - this.#yieldedMs + this.#lines * LINE_CHARGE_MS;
    if (spentMs > this.#limitMs) return Promise.reject(new MessageBudgetExceeded(spentMs));
    const before = performance.now();
    return yieldTurn().then(() => {
      this.#yieldedMs += performance.now() - before;
    });
  }
}
