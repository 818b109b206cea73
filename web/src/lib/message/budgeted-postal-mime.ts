// postal-mime with a MessageWorkBudget checked before every line, in nested messages too.
//
// postal-mime reads a message one line at a time (its processLine method), and parses an
// inline message/rfc822 part with a parser of its own (collectSubMessage), which it creates
// itself: a subclass would not reach those nested parsers, and a base64 message/rfc822 of
// 500,000 blank lines cost 10.6 s there. So the three methods are wrapped on postal-mime's
// prototype, and a parser's budget is found by the parser: set for the one parseWithinBudget
// creates, and handed to a nested parser by its parent (collectSubMessage creates it and
// calls its parse synchronously, so nothing else can run in between). A parser without a
// budget (the reader's, a test's reference parse) runs exactly as before.
//
// These methods are not in postal-mime's type declarations. If a later version renames them,
// parses run unbudgeted (still correct) and the budget tests in message-metadata.test.ts fail.
import PostalMime from 'postal-mime';
import type { MessageWorkBudget } from './message-work-budget.ts';

type Email = Awaited<ReturnType<typeof PostalMime.parse>>;
type Options = NonNullable<ConstructorParameters<typeof PostalMime>[0]>;
type Method = (this: PostalMime, ...args: never[]) => Promise<unknown>;
interface ParserInternals {
  processLine?: Method;
  parse?: Method;
  collectSubMessage?: Method;
}

const budgets = new WeakMap<PostalMime, MessageWorkBudget>();
/** The budget collectSubMessage hands to the parser it is about to create. */
let handedDown: MessageWorkBudget | undefined;

const internals = PostalMime.prototype as unknown as ParserInternals;
const { processLine, parse, collectSubMessage } = internals;
const wrappable = typeof processLine === 'function' && typeof parse === 'function' && typeof collectSubMessage === 'function';

if (wrappable) {
  internals.processLine = function (this: PostalMime, ...args: never[]) {
    const pause = budgets.get(this)?.checkpoint() ?? null;
    return pause === null ? processLine.apply(this, args) : pause.then(() => processLine.apply(this, args));
  };
  internals.parse = function (this: PostalMime, ...args: never[]) {
    if (handedDown !== undefined) budgets.set(this, handedDown);
    handedDown = undefined;
    return parse.apply(this, args);
  };
  internals.collectSubMessage = function (this: PostalMime, ...args: never[]) {
    handedDown = budgets.get(this);
    try {
      return collectSubMessage.apply(this, args);
    } finally {
      handedDown = undefined;
    }
  };
}

export function parseWithinBudget(raw: Uint8Array, options: Options, budget: MessageWorkBudget): Promise<Email> {
  const parser = new PostalMime(options);
  if (wrappable) budgets.set(parser, budget);
  return parser.parse(raw);
}
