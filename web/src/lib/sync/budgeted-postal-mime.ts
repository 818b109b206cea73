// postal-mime with a MessageWorkBudget checked between lines. postal-mime reads a message one
// line at a time through its processLine method; this subclass checks the budget before
// each line (a clock read, and a turn for the rest of the Worker every TURN_MS). processLine
// is not in postal-mime's type declarations: if a later version renames it, the parse runs
// unbudgeted (still correct), and the budget test in message-metadata.test.ts fails.
import PostalMime from 'postal-mime';
import type { MessageWorkBudget } from './message-work-budget.ts';

type Email = Awaited<ReturnType<typeof PostalMime.parse>>;
type Options = NonNullable<ConstructorParameters<typeof PostalMime>[0]>;
type ProcessLine = (this: PostalMime, line: Uint8Array, isFinal: boolean) => Promise<void>;

const baseProcessLine = (PostalMime.prototype as unknown as { processLine?: ProcessLine }).processLine;

class BudgetedPostalMime extends PostalMime {
  readonly #budget: MessageWorkBudget;

  constructor(options: Options, budget: MessageWorkBudget) {
    super(options);
    this.#budget = budget;
  }

  processLine(line: Uint8Array, isFinal: boolean): Promise<void> {
    const pause = this.#budget.checkpoint();
    if (pause === null) return baseProcessLine!.call(this, line, isFinal);
    return pause.then(() => baseProcessLine!.call(this, line, isFinal));
  }
}

export function parseWithinBudget(raw: Uint8Array, options: Options, budget: MessageWorkBudget): Promise<Email> {
  return typeof baseProcessLine === 'function' ? new BudgetedPostalMime(options, budget).parse(raw) : PostalMime.parse(raw, options);
}
