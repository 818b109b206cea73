import { parseCapabilities } from './capabilities.ts';
import type { Pop3CommandName } from './commands.ts';
import { Pop3RemoteProtocolError } from './errors.ts';
import type { Pop3Event } from './events.ts';
import type { Pop3Limits } from './limits.ts';
import { ListingChecker, parseScanLine, parseStat, parseUidLine, parseUidListingLine } from './listing-line.ts';
import { MultilineBodyDecoder } from './multiline-body-decoder.ts';

/**
 * Which reader parses each command's answer, looked up in one table as COMMAND_RULES
 * (state-table.ts) looks up what each state allows. Pop3Client reads the status line and
 * owns the buffer; after a +OK it hands the rest to the command's reader, which only ever
 * sees decoded lines and so, like the client, does no I/O.
 */

/** The command whose answer is being read. */
interface SentCommand {
  command: Pop3CommandName;
  msg: number | undefined;
}

/** Takes the lines of a multi-line answer, already unstuffed (RFC 1939 §3), and makes its event at the ".". */
export interface LineCollector {
  add(line: string): void;
  finish(): Pop3Event;
}

interface ReaderBase {
  /** RFC 5034 §4: "+ " continuations may come before the final status line. */
  readonly continuations: boolean;
}

export type AnswerReader = ReaderBase & (
  /** The +OK line is the whole answer. */
  | { readonly kind: 'line'; read(text: string, respCode: string | null, sent: SentCommand): Pop3Event }
  /** Text lines up to ".": a listing or CAPA. */
  | { readonly kind: 'lines'; readonly charset: 'utf-8' | 'windows-1252'; start(limits: Pop3Limits): LineCollector }
  /** Message bytes up to ".": RETR and TOP. */
  | { readonly kind: 'message'; start(limits: Pop3Limits): MultilineBodyDecoder }
);

const okLine: AnswerReader = {
  kind: 'line',
  continuations: false,
  read: (text, respCode, sent) => ({ type: 'ok', command: sent.command, text, respCode }),
};

const saslExchange: AnswerReader = { ...okLine, continuations: true };

const statLine: AnswerReader = { kind: 'line', continuations: false, read: (text) => ({ type: 'stat', ...parseStat(text) }) };

// RFC 1939 §5/§7: "LIST n" and "UIDL n" answer on the status line itself.
const scanLine: AnswerReader = {
  kind: 'line',
  continuations: false,
  read(text, _respCode, sent) {
    const entry = parseScanLine(text);
    if (entry.msg !== sent.msg) throw new Pop3RemoteProtocolError('POP3_ERR_BAD_LISTING', `LIST ${sent.msg} answered for message ${entry.msg}`);
    return { type: 'scan-listing', entries: [entry] };
  },
};

const uniqueIdLine: AnswerReader = {
  kind: 'line',
  continuations: false,
  read(text, _respCode, sent) {
    const entry = parseUidLine(text);
    if (entry.msg !== sent.msg) throw new Pop3RemoteProtocolError('POP3_ERR_BAD_LISTING', `UIDL ${sent.msg} answered for message ${entry.msg}`);
    return { type: 'unique-id-listing', entries: [entry] };
  },
};

const capabilityListing: AnswerReader = {
  kind: 'lines',
  continuations: false,
  charset: 'utf-8',
  start(limits) {
    const lines: string[] = [];
    return {
      add(line) {
        if (lines.length >= limits.maxCapaLines) throw new Pop3RemoteProtocolError('POP3_ERR_CAPA_TOO_LONG');
        lines.push(line);
      },
      finish: () => ({ type: 'capabilities', capabilities: parseCapabilities(lines) }),
    };
  },
};

const scanListing: AnswerReader = {
  kind: 'lines',
  continuations: false,
  charset: 'utf-8',
  start(limits) {
    const entries: Array<{ msg: number; size: number }> = [];
    const checker = new ListingChecker();
    return {
      add(line) {
        if (entries.length >= limits.maxListingEntries) throw new Pop3RemoteProtocolError('POP3_ERR_LISTING_TOO_LONG');
        const entry = parseScanLine(line);
        checker.check(entry.msg);
        entries.push(entry);
      },
      finish: () => ({ type: 'scan-listing', entries }),
    };
  },
};

const uniqueIdListing: AnswerReader = {
  kind: 'lines',
  continuations: false,
  // One character per byte, so ids in any 8-bit charset stay distinct (UTF-8 would turn
  // every invalid byte into U+FFFD and make different ids equal). ASCII ids, all that was
  // accepted before, read the same either way.
  charset: 'windows-1252',
  start(limits) {
    const entries: Array<{ msg: number; uid: string }> = [];
    const checker = new ListingChecker();
    return {
      add(line) {
        if (entries.length >= limits.maxListingEntries) throw new Pop3RemoteProtocolError('POP3_ERR_LISTING_TOO_LONG');
        const entry = parseUidListingLine(line);
        checker.check(entry.msg);
        if (entry.uid !== null) entries.push({ msg: entry.msg, uid: entry.uid });
      },
      finish: () => ({ type: 'unique-id-listing', entries }),
    };
  },
};

const messageBody: AnswerReader = { kind: 'message', continuations: false, start: (limits) => new MultilineBodyDecoder(limits.maxMessageSize) };

/** LIST and UIDL answer with a listing only when given no message number. */
interface ByArgument {
  withMessage: AnswerReader;
  withoutMessage: AnswerReader;
}

/** AUTH_RESPONSE and AUTH_CANCEL are not here: they are read as part of AUTH's answer. */
const ANSWER_READERS: Record<Exclude<Pop3CommandName, 'AUTH_RESPONSE' | 'AUTH_CANCEL'>, AnswerReader | ByArgument> = {
  CAPA: capabilityListing,
  STLS: okLine,
  UTF8: okLine,
  USER: okLine,
  PASS: okLine,
  APOP: okLine,
  AUTH: saslExchange,
  STAT: statLine,
  LIST: { withMessage: scanLine, withoutMessage: scanListing },
  UIDL: { withMessage: uniqueIdLine, withoutMessage: uniqueIdListing },
  TOP: messageBody,
  RETR: messageBody,
  DELE: okLine,
  RSET: okLine,
  NOOP: okLine,
  QUIT: okLine,
};

export function answerReader(command: keyof typeof ANSWER_READERS, msg: number | undefined): AnswerReader {
  const entry = ANSWER_READERS[command];
  if ('kind' in entry) return entry;
  return msg === undefined ? entry.withoutMessage : entry.withMessage;
}
