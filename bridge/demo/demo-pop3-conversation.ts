import type { DemoMessage } from './mailbox-loader.ts';

/**
 * The demo password. Any user name is accepted (USER/PASS or SASL PLAIN); the password must
 * be exactly this. It is a public demo credential, printed in the README and the UI, not a secret.
 */
export const DEMO_PASSWORD = 'demo';

/** What the server does after one command line: send `reply`, then close if `close`. */
interface SessionStep {
  reply: Buffer;
  close: boolean;
}

type State =
  | { name: 'authorization'; user: string | null }
  | { name: 'sasl-plain' } // RFC 5034 §4: waiting for the client's base64 response
  | { name: 'transaction'; deleted: Set<number> }
  | { name: 'update' };

/**
 * RFC 2449 §5. RESP-CODES and AUTH-RESP-CODE (RFC 3206) tell the client that `[AUTH]` and
 * `[SYS/TEMP]` in an -ERR line are machine-readable.
 */
const CAPABILITIES = ['TOP', 'UIDL', 'USER', 'PIPELINING', 'RESP-CODES', 'AUTH-RESP-CODE', 'SASL PLAIN', 'IMPLEMENTATION Satchel-demo'];

/** RFC 2449 §4: a command line is at most 255 octets, CRLF included. */
const MAX_COMMAND_LINE_OCTETS = 255;
/**
 * RFC 5034 §4: a client's response to a "+" continuation is not a command, and the 255-octet
 * limit does not bind it. PLAIN never needs much; this bound only stops a runaway line.
 */
const MAX_SASL_RESPONSE_OCTETS = 4096;

const MESSAGE_NUMBER = /^[1-9][0-9]{0,8}$/;
const LINE_COUNT = /^[0-9]{1,9}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * One POP3 session (RFC 1939) over the read-only demo mailbox, with no I/O: the TCP server
 * feeds it one command line at a time (without CRLF) and writes back what it returns. Because
 * replies are produced strictly in order, pipelined commands (RFC 2449 §6.6) need nothing more.
 *
 * DELE only hides a message from this session. QUIT enters the UPDATE state but removes
 * nothing from the shared mailbox: the demo mailbox resets on every connection, so people
 * trying Satchel (and "delete after download" policies) never run it dry.
 */
export class DemoPop3Conversation {
  readonly #mailbox: readonly DemoMessage[];
  #state: State = { name: 'authorization', user: null };

  constructor(mailbox: readonly DemoMessage[]) {
    this.#mailbox = mailbox;
  }

  /** The longest line, CRLF included, that the session accepts next. */
  get maxLineOctets(): number {
    return this.#state.name === 'sasl-plain' ? MAX_SASL_RESPONSE_OCTETS : MAX_COMMAND_LINE_OCTETS;
  }

  get closed(): boolean {
    return this.#state.name === 'update';
  }

  greeting(): Buffer {
    return ok('Satchel demo POP3 server ready (any user, password "demo")');
  }

  handleLine(line: string): SessionStep {
    const state = this.#state;
    if (state.name === 'update') return { reply: err('session is over'), close: true };
    if (state.name === 'sasl-plain') return this.#finishSaslPlain(line);

    const [keyword = '', ...args] = line.split(' ');
    const command = keyword.toUpperCase();
    if (command === 'CAPA') return reply(multiLine('Capability list follows', CAPABILITIES.map((c) => `${c}\r\n`).join('')));
    if (command === 'QUIT') return this.#quit();
    if (state.name === 'authorization') return this.#authorization(state, command, args);
    return this.#transaction(state.deleted, command, args);
  }

  #authorization(state: { name: 'authorization'; user: string | null }, command: string, args: string[]): SessionStep {
    switch (command) {
      case 'USER': {
        // RFC 1939 §7: the name may not contain spaces in practice; any name is welcome here.
        const user = args.join(' ');
        if (user === '') return reply(err('USER needs a name'));
        this.#state = { name: 'authorization', user };
        return reply(ok(`hello ${user}, send PASS`));
      }
      case 'PASS': {
        if (state.user === null) return reply(err('send USER first'));
        // RFC 1939 §7: the password is the rest of the line and may contain spaces.
        return reply(this.#login(args.join(' ')));
      }
      case 'AUTH':
        return this.#startAuth(args);
      case 'APOP':
        return reply(err('APOP is not supported; use USER/PASS or AUTH PLAIN'));
      default:
        return reply(err(`${command || 'empty command'} is not valid before login`));
    }
  }

  /** RFC 5034 §4: `AUTH PLAIN` with an optional initial response; "=" stands for an empty one. */
  #startAuth(args: string[]): SessionStep {
    const [mechanism = '', initialResponse, ...extra] = args;
    if (mechanism.toUpperCase() !== 'PLAIN' || extra.length > 0) {
      return reply(err('unsupported SASL mechanism; only PLAIN is offered'));
    }
    if (initialResponse === undefined) {
      this.#state = { name: 'sasl-plain' };
      return reply(Buffer.from('+ \r\n', 'latin1'));
    }
    return reply(this.#saslPlain(initialResponse === '=' ? '' : initialResponse));
  }

  #finishSaslPlain(line: string): SessionStep {
    this.#state = { name: 'authorization', user: null };
    // RFC 5034 §4: a lone "*" cancels the exchange.
    if (line === '*') return reply(err('authentication cancelled'));
    return reply(this.#saslPlain(line));
  }

  /** RFC 4616 §2: message = [authzid] NUL authcid NUL passwd. */
  #saslPlain(base64: string): Buffer {
    if (!BASE64.test(base64)) return err('SASL response is not valid base64');
    const parts = Buffer.from(base64, 'base64').toString('utf8').split('\0');
    if (parts.length !== 3) return err('SASL PLAIN response is malformed');
    const [authzid = '', authcid = '', password = ''] = parts;
    if (authcid === '') return err('[AUTH] SASL PLAIN needs a user name');
    if (authzid !== '' && authzid !== authcid) return err('[AUTH] proxy authorization is not supported');
    return this.#login(password);
  }

  #login(password: string): Buffer {
    if (password !== DEMO_PASSWORD) {
      this.#state = { name: 'authorization', user: null };
      return err('[AUTH] wrong password; the demo password is "demo"');
    }
    this.#state = { name: 'transaction', deleted: new Set() };
    return ok(`logged in, ${this.#summary(new Set())}`);
  }

  #transaction(deleted: Set<number>, command: string, args: string[]): SessionStep {
    const needsMessage = command === 'RETR' || command === 'DELE' || command === 'TOP';
    const numbered = needsMessage || ((command === 'LIST' || command === 'UIDL') && args.length > 0);
    let index = -1;
    if (numbered) {
      const found = this.#find(deleted, args[0]);
      if (typeof found !== 'number') return reply(found);
      index = found;
    }
    switch (command) {
      case 'STAT': {
        const live = this.#live(deleted);
        return reply(ok(`${live.length} ${live.reduce((sum, [, m]) => sum + m.octets.length, 0)}`));
      }
      case 'LIST':
        if (numbered) return reply(ok(`${index + 1} ${this.#message(index).octets.length}`));
        return reply(multiLine(this.#summary(deleted), this.#live(deleted).map(([i, m]) => `${i + 1} ${m.octets.length}\r\n`).join('')));
      case 'UIDL':
        if (numbered) return reply(ok(`${index + 1} ${this.#message(index).uidl}`));
        return reply(multiLine('unique-id listing follows', this.#live(deleted).map(([i, m]) => `${i + 1} ${m.uidl}\r\n`).join('')));
      case 'RETR': {
        const { octets } = this.#message(index);
        return reply(multiLine(`${octets.length} octets`, octets.toString('latin1')));
      }
      case 'TOP': {
        // RFC 1939 §7: TOP msg n, n a non-negative number of body lines.
        if (args.length !== 2 || !LINE_COUNT.test(args[1] ?? '')) return reply(err('usage: TOP msg lines'));
        return reply(multiLine('top of message follows', topOf(this.#message(index).octets, Number(args[1]))));
      }
      case 'DELE':
        deleted.add(index);
        return reply(ok(`message ${index + 1} deleted`));
      case 'NOOP':
        return reply(ok(''));
      case 'RSET':
        deleted.clear();
        return reply(ok(this.#summary(deleted)));
      case 'USER':
      case 'PASS':
      case 'AUTH':
      case 'APOP':
        return reply(err('already logged in'));
      default:
        return reply(err(`unknown command ${command}`));
    }
  }

  #quit(): SessionStep {
    const state = this.#state;
    this.#state = { name: 'update' };
    if (state.name !== 'transaction') return { reply: ok('bye'), close: true };
    // RFC 1939 §6: QUIT from TRANSACTION enters UPDATE. The deletions die with this
    // session's view (see the class comment), so the shared mailbox stays whole.
    const left = this.#mailbox.length - state.deleted.size;
    return { reply: ok(`bye, ${state.deleted.size} deleted for this session, ${left} left`), close: true };
  }

  /** Resolves a message-number argument, or the -ERR to send (RFC 1939 §5: deleted ones do not exist). */
  #find(deleted: Set<number>, arg: string | undefined): number | Buffer {
    if (arg === undefined || !MESSAGE_NUMBER.test(arg)) return err('a message number is required');
    const index = Number(arg) - 1;
    if (index >= this.#mailbox.length) return err(`no such message, only ${this.#mailbox.length} in maildrop`);
    if (deleted.has(index)) return err(`message ${arg} already deleted`);
    return index;
  }

  #message(index: number): DemoMessage {
    const message = this.#mailbox[index];
    if (message === undefined) throw new RangeError(`message index ${index} out of range`);
    return message;
  }

  #live(deleted: Set<number>): [number, DemoMessage][] {
    return this.#mailbox.flatMap((m, i): [number, DemoMessage][] => (deleted.has(i) ? [] : [[i, m]]));
  }

  #summary(deleted: Set<number>): string {
    const live = this.#live(deleted);
    return `maildrop has ${live.length} messages (${live.reduce((sum, [, m]) => sum + m.octets.length, 0)} octets)`;
  }
}

function reply(bytes: Buffer): SessionStep {
  return { reply: bytes, close: false };
}

function ok(text: string): Buffer {
  return Buffer.from(text === '' ? '+OK\r\n' : `+OK ${text}\r\n`, 'latin1');
}

function err(text: string): Buffer {
  return Buffer.from(`-ERR ${text}\r\n`, 'latin1');
}

/**
 * RFC 1939 §3: a multi-line response is the status line, then the content with every line
 * that begins with "." given one more ".", then ".CRLF". `content` is latin1 (one char per
 * octet) and already ends in CRLF or is empty.
 */
function multiLine(status: string, content: string): Buffer {
  const stuffed = content.replace(/(^|\r\n)\./g, '$1..');
  return Buffer.concat([ok(status), Buffer.from(stuffed, 'latin1'), Buffer.from('.\r\n', 'latin1')]);
}

/** RFC 1939 §7 TOP: the header, the blank line, then at most `lines` lines of the body. */
function topOf(octets: Buffer, lines: number): string {
  const text = octets.toString('latin1');
  const boundary = text.indexOf('\r\n\r\n');
  if (boundary === -1) return `${text}\r\n`; // headers only: still send the separating blank line
  const head = text.slice(0, boundary + 4);
  const bodyLines = text.slice(boundary + 4).split(/(?<=\r\n)/);
  return head + bodyLines.slice(0, lines).join('');
}
