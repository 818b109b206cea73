/**
 * Follows one POP3 conversation from the outside, as a proxy sees it: the client's command
 * lines going up, and the greeting and answers coming down, each answer cut at its end
 * (a status line, or RFC 1939 §3's multi-line answer up to its "." line). Pipelined commands
 * are queued and answered in order. It parses nothing else: it is for tests that act at a
 * named point of a session (phase-cut-proxy.ts).
 */

export interface Pop3Command {
  /** Upper-cased keyword, e.g. `RETR`. */
  name: string;
  /** The line as sent, CRLF included. */
  line: Uint8Array;
  /** 1-based: this is the `nth` command with this name in the conversation. */
  nth: number;
  /** 1-based position among all commands; the greeting is answer 0. */
  index: number;
  multiLine: boolean;
}

/** A piece of what came down, belonging to one answer. */
export interface AnswerPiece {
  /** 0 is the greeting; n is the answer to command n. */
  answer: number;
  bytes: Uint8Array;
  /** Whether this piece ends its answer. */
  ends: boolean;
  /** Bytes of the status line, once known (set on every piece after it ended). */
  statusLength: number | null;
}

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/** RFC 1939 / 2449: the answers that are multi-line after +OK (LIST and UIDL only without an argument). */
function isMultiLine(name: string, args: string): boolean {
  if (name === 'CAPA' || name === 'TOP' || name === 'RETR') return true;
  if (name === 'LIST' || name === 'UIDL') return args.trim() === '';
  return false;
}

export class CommandLineSplitter {
  #partial: Uint8Array = new Uint8Array(0);
  #count = 0;
  readonly #seen = new Map<string, number>();

  /** The complete command lines in `bytes` (with any partial line held before it). */
  push(bytes: Uint8Array): Pop3Command[] {
    const data = concat(this.#partial, bytes);
    const commands: Pop3Command[] = [];
    let start = 0;
    for (let i = 0; i < data.length; i++) {
      if (data[i] !== LF) continue;
      const line = data.slice(start, i + 1);
      start = i + 1;
      const text = new TextDecoder('latin1').decode(line).replace(/\r?\n$/, '');
      const space = text.indexOf(' ');
      const name = (space < 0 ? text : text.slice(0, space)).toUpperCase();
      const nth = (this.#seen.get(name) ?? 0) + 1;
      this.#seen.set(name, nth);
      commands.push({ name, line, nth, index: ++this.#count, multiLine: isMultiLine(name, space < 0 ? '' : text.slice(space + 1)) });
    }
    this.#partial = data.slice(start);
    return commands;
  }

  /** The bytes of a line not yet ended, which no longer belong to this splitter. */
  takePartial(): Uint8Array {
    const partial = this.#partial;
    this.#partial = new Uint8Array(0);
    return partial;
  }
}

export class AnswerSplitter {
  /** Multi-line flags of the commands sent and not yet answered, in order. */
  readonly #pending: Pop3Command[] = [];
  #answer = 0;
  #multiLine = false;
  #inBody = false;
  #statusLength = 0;
  #statusKnown: number | null = null;
  /** Within the body: bytes of the current line matched against "." CR LF, or -1 once it is not that line. */
  #matched = 0;
  #positive = false;
  #firstByte = true;

  /** A command went up; its answer comes after those of the commands before it. */
  expect(command: Pop3Command): void {
    this.#pending.push(command);
  }

  /** Splits what came down into pieces, one per answer it touches. */
  push(bytes: Uint8Array): AnswerPiece[] {
    const pieces: AnswerPiece[] = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (this.#step(bytes[i]!)) {
        pieces.push({ answer: this.#answer, bytes: bytes.subarray(start, i + 1), ends: true, statusLength: this.#statusKnown });
        start = i + 1;
        this.#next();
      }
    }
    if (start < bytes.length) pieces.push({ answer: this.#answer, bytes: bytes.subarray(start), ends: false, statusLength: this.#statusKnown });
    return pieces;
  }

  /** Whether `byte` ends the current answer. */
  #step(byte: number): boolean {
    if (this.#firstByte) {
      this.#firstByte = false;
      this.#positive = byte === 0x2b; // '+'
    }
    if (!this.#inBody) {
      this.#statusLength++;
      if (byte !== LF) return false;
      this.#statusKnown = this.#statusLength;
      const command = this.#answer === 0 ? undefined : this.#pending[0];
      if (!(this.#positive && command?.multiLine === true)) return true;
      this.#inBody = true;
      this.#matched = 0;
      return false;
    }
    if (this.#matched >= 0) {
      if (this.#matched === 0 && byte === DOT) this.#matched = 1;
      else if (this.#matched === 1 && byte === CR) this.#matched = 2;
      else if ((this.#matched === 1 || this.#matched === 2) && byte === LF) return true;
      else this.#matched = -1;
    }
    if (byte === LF) this.#matched = 0;
    return false;
  }

  #next(): void {
    if (this.#answer > 0) this.#pending.shift();
    this.#answer++;
    this.#inBody = false;
    this.#statusLength = 0;
    this.#statusKnown = null;
    this.#firstByte = true;
    this.#positive = false;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
