/**
 * A POP3 mailbox for startFaultServer that is honest by default and misbehaves exactly where a
 * test says: the greeting, CAPA, LIST sizes, UIDL, line ends, pipelining, and any single
 * command's answer (`on`). The mailbox outlives its connections, as a real one does: DELE
 * takes effect only at QUIT (RFC 1939 §6), so a test can check that a session cut before QUIT
 * deleted nothing, and the next connection sees the same messages.
 */
import type { FaultSession } from './fault-server.ts';

export interface HostileCommand {
  verb: string;
  arg: string | undefined;
  /** Message number for RETR/TOP/DELE/LIST n/UIDL n. */
  msg: number;
  line: string;
}

interface HostileContext {
  session: FaultSession;
  /** 0 for the first connection to this mailbox, 1 for the next, … */
  connection: number;
  mailbox: HostileMailbox;
  /** The honest answer to a RETR or TOP, as the server would send it (status line, stuffed body, terminator). */
  honestAnswer(command: HostileCommand): Uint8Array;
}

export interface HostileMailboxOptions {
  /** The messages as RETR delivers them (before dot-stuffing). Each should end in a line break. */
  messages: Uint8Array[];
  /** The first line sent on connecting, with its line end; null: never greet. @default "+OK hostile ready" */
  greeting?: string | null;
  /** CAPA lines; null: CAPA answers -ERR. @default USER UIDL TOP RESP-CODES PIPELINING */
  capa?: string[] | null;
  /** The size LIST gives for message `msg` whose served size is `size`. @default the served size */
  listSize?: (msg: number, size: number) => number;
  /** The unique-id of each message; null: UIDL answers -ERR. @default uid-<n> for the n-th message loaded */
  uids?: string[] | null;
  /** @default the fixture password */
  password?: string;
  /** Line end of status lines, listings and the terminator (message bytes are sent as given). @default CRLF */
  eol?: '\r\n' | '\n';
  /** 'drop': after reading a command, throw away whatever else the client already sent (a server that lists PIPELINING and cannot). */
  pipelining?: 'honest' | 'drop';
  /** Takes over one command's answer: return true when it wrote the answer (or chose not to). */
  on?: (command: HostileCommand, context: HostileContext) => boolean | Promise<boolean>;
}

const DEFAULT_CAPA = ['USER', 'UIDL', 'TOP', 'RESP-CODES', 'PIPELINING'];
export const HOSTILE_PASSWORD = 'correct horse battery staple';

const LF = 0x0a;
const DOT = 0x2e;

/** RFC 1939 §3: a line starting with "." gets another; a line start is after any LF. */
function dotStuff(message: Uint8Array): Uint8Array {
  const out: number[] = [];
  let lineStart = true;
  for (const byte of message) {
    if (lineStart && byte === DOT) out.push(DOT);
    out.push(byte);
    lineStart = byte === LF;
  }
  return Uint8Array.from(out);
}

/** Headers and the first `lines` body lines, as TOP sends them (RFC 1939 §7). */
function topOf(message: Uint8Array, lines: number): Uint8Array {
  const text = Buffer.from(message);
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  const headerEnd = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : text.length;
  let end = headerEnd;
  for (let n = 0; n < lines && end < text.length; n++) {
    const next = text.indexOf(LF, end);
    end = next < 0 ? text.length : next + 1;
  }
  return message.subarray(0, end);
}

function concat(parts: Array<string | Uint8Array>): Uint8Array {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
}

export class HostileMailbox {
  readonly options: HostileMailboxOptions;
  /** Messages still on the server, with their unique-ids (null without UIDL). */
  #messages: Array<{ bytes: Uint8Array; uid: string | null }>;
  #connections = 0;
  /** Every command line received, in order, across connections. */
  readonly received: string[] = [];

  constructor(options: HostileMailboxOptions) {
    this.options = options;
    const uids = options.uids === undefined ? options.messages.map((_, i) => `uid-${i + 1}`) : options.uids;
    this.#messages = options.messages.map((bytes, i) => ({ bytes, uid: uids === null ? null : uids[i]! }));
  }

  /** What the server holds now: the unique-id and bytes of each message, in order. */
  get messages(): ReadonlyArray<{ bytes: Uint8Array; uid: string | null }> {
    return this.#messages;
  }

  get connections(): number {
    return this.#connections;
  }

  /** The handler for startFaultServer. */
  readonly serve = async (session: FaultSession): Promise<void> => {
    const connection = this.#connections++;
    const eol = this.options.eol ?? '\r\n';
    // A snapshot per session: numbering is fixed for the session (RFC 1939 §5).
    const messages = [...this.#messages];
    const deleted = new Set<number>();
    const greeting = this.options.greeting === undefined ? `+OK hostile ready${eol}` : this.options.greeting;
    if (greeting === null) {
      // Never greet; read (and ignore) until the client gives up.
      while ((await session.readLine()) !== null);
      return;
    }
    session.write(greeting);
    const lines = (parts: string[]): string => parts.map((p) => p + eol).join('');
    const honestAnswer = (command: HostileCommand): Uint8Array => {
      const message = messages[command.msg - 1];
      if (message === undefined || deleted.has(command.msg)) return concat([`-ERR no such message${eol}`]);
      const body = command.verb === 'TOP' ? topOf(message.bytes, Number(command.line.split(' ')[2] ?? 0)) : message.bytes;
      const last = body.length === 0 ? LF : body[body.length - 1];
      return concat([`+OK ${message.bytes.length} octets${eol}`, dotStuff(body), ...(last === LF ? [] : [eol]), `.${eol}`]);
    };
    const context: HostileContext = { session, connection, mailbox: this, honestAnswer };
    for (;;) {
      const line = await session.readLine();
      if (line === null) return;
      this.received.push(line);
      if (this.options.pipelining === 'drop') session.discardUnread();
      const [verbRaw = '', arg] = line.split(' ');
      const verb = verbRaw.toUpperCase();
      const command: HostileCommand = { verb, arg, msg: Number(arg), line };
      if (this.options.on !== undefined && (await this.options.on(command, context))) continue;
      switch (verb) {
        case 'CAPA':
          session.write(this.options.capa === null ? `-ERR no CAPA${eol}` : lines(['+OK capabilities', ...(this.options.capa ?? DEFAULT_CAPA), '.']));
          break;
        case 'USER':
          session.write(`+OK${eol}`);
          break;
        case 'PASS':
          session.write(arg !== undefined && line.slice(5) === (this.options.password ?? HOSTILE_PASSWORD) ? `+OK logged in${eol}` : `-ERR [AUTH] invalid login${eol}`);
          break;
        case 'STAT':
          session.write(`+OK ${messages.length} ${messages.reduce((s, m) => s + m.bytes.length, 0)}${eol}`);
          break;
        case 'LIST': {
          const size = (i: number): number => this.options.listSize?.(i + 1, messages[i]!.bytes.length) ?? messages[i]!.bytes.length;
          session.write(lines(['+OK', ...messages.flatMap((_, i) => (deleted.has(i + 1) ? [] : [`${i + 1} ${size(i)}`])), '.']));
          break;
        }
        case 'UIDL':
          if (messages.some((m) => m.uid === null)) session.write(`-ERR no UIDL${eol}`);
          else session.write(concat([`+OK${eol}`, ...messages.flatMap((m, i) => (deleted.has(i + 1) ? [] : [`${i + 1} `, m.uid!, eol])), `.${eol}`]));
          break;
        case 'RETR':
        case 'TOP':
          session.write(honestAnswer(command));
          await session.drained();
          break;
        case 'DELE':
          if (messages[command.msg - 1] === undefined || deleted.has(command.msg)) session.write(`-ERR no such message${eol}`);
          else {
            deleted.add(command.msg);
            session.write(`+OK deleted${eol}`);
          }
          break;
        case 'NOOP':
          session.write(`+OK${eol}`);
          break;
        case 'RSET':
          deleted.clear();
          session.write(`+OK${eol}`);
          break;
        case 'QUIT': {
          // RFC 1939 §6: the UPDATE state, and only here.
          const gone = new Set([...deleted].map((n) => messages[n - 1]!));
          this.#messages = this.#messages.filter((m) => !gone.has(m));
          session.write(`+OK bye${eol}`);
          return;
        }
        default:
          session.write(`-ERR unknown command${eol}`);
      }
    }
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
