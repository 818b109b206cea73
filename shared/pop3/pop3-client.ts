import { answerReader, type AnswerReader, type LineCollector } from './answer-readers.ts';
import type { Pop3Capabilities } from './capabilities.ts';
import { commandLine, encodeCommandLine, MAX_COMMAND_LINE } from './command-encoder.ts';
import type { Pop3Command, Pop3CommandName } from './commands.ts';
import { NEED_DATA, type Pop3Event } from './events.ts';
import { extractApopTimestamp } from './greeting.ts';
import { resolveLimits, type Pop3Limits } from './limits.ts';
import { ByteQueue } from './byte-queue.ts';
import type { MultilineBodyDecoder } from './multiline-body-decoder.ts';
import { Pop3LocalProtocolError, Pop3RemoteProtocolError } from './errors.ts';
import { COMMAND_RULES, STATE_AFTER_GREETING, stateAfterResponse, stateAfterSending, type Pop3State, type Sequencing } from './state-table.ts';
import { negativeCode, parseStatusLine } from './status-line.ts';

const CR = 0x0d;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface Pop3ClientOptions {
  /**
   * 'expect': wait for the server greeting. 'none': the bridge already did STLS, so start in
   * AUTHORIZATION knowing nothing (no greeting, no APOP timestamp, no capabilities), as
   * RFC 2595 §4 requires after TLS.
   * @default 'expect'
   */
  greeting?: 'expect' | 'none';
  /** Bounds on what the server sends. @default DEFAULT_POP3_LIMITS */
  limits?: Partial<Pop3Limits>;
}

/** A command sent whose answer has not been fully read yet. */
interface PendingCommand {
  command: Pop3CommandName;
  sequencing: Sequencing;
  msg: number | undefined;
  /** Sent while another command's answer was still due: pipelined (RFC 2449 §6.6). */
  behind: boolean;
  /** Picked from the reader table when sent: what follows the +OK. */
  reader: AnswerReader;
  /** 'status' until the +OK; then the reader's kind, if more than that line follows. */
  phase: 'status' | 'lines' | 'message';
  lines: { collector: LineCollector; decoder: TextDecoder } | null;
  body: MultilineBodyDecoder | null;
  // AUTH (RFC 5034 §4).
  initialResponseDeferred: boolean;
  awaitingAuthResponse: boolean;
  cancelled: boolean;
}

/**
 * A POP3 client with no I/O, in the manner of h11: feed it the server's bytes with
 * `receive()`, take events from `nextEvent()`, and turn commands into bytes with `send()`.
 * It never touches a socket or a timer, so the same code runs in the browser worker, in
 * Node and in tests, and can be driven through any chunking of the byte stream.
 */
export class Pop3Client {
  readonly #limits: Pop3Limits;
  readonly #buffer = new ByteQueue();
  readonly #decoders = { 'utf-8': new TextDecoder('utf-8'), 'windows-1252': new TextDecoder('windows-1252') };
  readonly #phaseReaders = {
    status: (head: PendingCommand) => this.#readStatus(head),
    lines: (head: PendingCommand) => this.#readLines(head),
    message: (head: PendingCommand) => this.#readBody(head),
  };
  #queue: PendingCommand[] = [];
  #state: Pop3State;
  #capabilities: Pop3Capabilities | null = null;
  #apopTimestamp: string | null = null;
  #eof = false;
  #discardedBytes = 0;
  /** Pending commands that were sent behind another (PendingCommand.behind). */
  #pendingBehind = 0;
  #error: Pop3RemoteProtocolError | null = null;

  constructor(options: Pop3ClientOptions = {}) {
    this.#limits = resolveLimits(options.limits);
    this.#state = (options.greeting ?? 'expect') === 'expect' ? 'greeting' : STATE_AFTER_GREETING;
  }

  get state(): Pop3State {
    return this.#state;
  }

  get capabilities(): Pop3Capabilities | null {
    return this.#capabilities;
  }

  get apopTimestamp(): string | null {
    return this.#apopTimestamp;
  }

  /** Commands sent whose response is not yet fully consumed through nextEvent(). */
  get pending(): number {
    return this.#queue.length;
  }

  /**
   * An answer is still due to a command sent while another was pending. A caller with a
   * clock uses it to tell a server that drops pipelined commands (it goes silent here) from
   * one that is merely slow to answer a single command.
   */
  get awaitingPipelinedAnswer(): boolean {
    return this.#pendingBehind > 0;
  }

  /** Bytes received and then thrown away unparsed by a transition (after the STLS +OK: RFC 2595 §4 injection). */
  get discardedBytes(): number {
    return this.#discardedBytes;
  }

  /** The last CAPA said PIPELINING (RFC 2449 §6.6). */
  get canPipeline(): boolean {
    return this.#capabilities?.pipelining ?? false;
  }

  /** Buffers bytes from the server. The array is kept by reference until parsed: do not reuse it. */
  receive(bytes: Uint8Array): void {
    if (this.#error !== null || this.#state === 'closed' || this.#eof) return;
    this.#buffer.push(bytes);
  }

  /** The server closed the connection. A response still pending then fails with POP3_ERR_EOF. */
  receiveEof(): void {
    this.#eof = true;
  }

  /**
   * The next event, or NEED_DATA. Throws Pop3RemoteProtocolError (sticky: every later call
   * throws it too) when the server breaks the protocol or a limit.
   */
  nextEvent(): Pop3Event | typeof NEED_DATA {
    if (this.#error !== null) throw this.#error;
    try {
      return this.#next();
    } catch (error) {
      if (error instanceof Pop3RemoteProtocolError) this.#fail(error);
      throw error;
    }
  }

  /**
   * The bytes of a command. Throws Pop3LocalProtocolError when the command is not allowed
   * now: wrong state, a command pending without PIPELINING, an AUTH exchange in progress, a
   * line over 255 octets, CR/LF/NUL in an argument.
   */
  send(command: Pop3Command): Uint8Array {
    if (this.#error !== null) throw this.#error;
    if (command.type === 'AUTH_RESPONSE' || command.type === 'AUTH_CANCEL') return this.#sendAuthStep(command);
    const head = this.#queue[0];
    if (head?.command === 'AUTH') throw local('POP3_ERR_INVALID_STATE', 'an AUTH exchange is in progress');
    const rule = COMMAND_RULES[command.type];
    if (this.#eof && this.#state !== 'closed') throw local('POP3_ERR_INVALID_STATE', 'the server closed the connection');
    if (!rule.states.includes(this.#state)) {
      throw local('POP3_ERR_INVALID_STATE', `${command.type} is not allowed in the ${this.#state} state`);
    }
    const tail = this.#queue[this.#queue.length - 1];
    if (tail !== undefined) {
      if (tail.sequencing !== 'pipelined') throw local('POP3_ERR_NOT_PIPELINING', `${tail.command} must be answered before anything else is sent`);
      if (rule.sequencing === 'alone') throw local('POP3_ERR_NOT_PIPELINING', `${command.type} must be sent with nothing pending`);
      if (!this.canPipeline) throw local('POP3_ERR_NOT_PIPELINING', 'a command is pending and the server did not offer PIPELINING');
    } else if (this.#buffer.length > 0) {
      // Bytes with nothing pending would otherwise be read as the answer to this command.
      const error = new Pop3RemoteProtocolError('POP3_ERR_UNSOLICITED', 'the server sent data before any command');
      this.#fail(error);
      throw error;
    }
    let line = commandLine(command);
    let initialResponseDeferred = false;
    if (command.type === 'AUTH' && command.initialResponse !== undefined && utf8Length(line) + 2 > MAX_COMMAND_LINE) {
      // RFC 5034 §4: an initial response that would push AUTH past 255 octets is sent instead
      // as the answer to the server's first (empty) continuation.
      line = `AUTH ${command.mechanism.toUpperCase()}`;
      initialResponseDeferred = true;
    }
    const bytes = encodeCommandLine(line, MAX_COMMAND_LINE);
    const msg = 'msg' in command ? command.msg : undefined;
    if (tail !== undefined) this.#pendingBehind++;
    this.#queue.push({
      command: command.type,
      sequencing: rule.sequencing,
      msg,
      behind: tail !== undefined,
      reader: answerReader(command.type, msg),
      phase: 'status',
      lines: null,
      body: null,
      initialResponseDeferred,
      awaitingAuthResponse: false,
      cancelled: false,
    });
    this.#state = stateAfterSending(this.#state, command.type);
    return bytes;
  }

  #sendAuthStep(command: Extract<Pop3Command, { type: 'AUTH_RESPONSE' | 'AUTH_CANCEL' }>): Uint8Array {
    const head = this.#queue[0];
    if (head?.command !== 'AUTH' || !head.awaitingAuthResponse) {
      throw local('POP3_ERR_INVALID_STATE', `${command.type} answers a continuation during AUTH, and none is waiting`);
    }
    const bytes = encodeCommandLine(commandLine(command), null);
    head.awaitingAuthResponse = false;
    if (command.type === 'AUTH_CANCEL') head.cancelled = true;
    return bytes;
  }

  #next(): Pop3Event | typeof NEED_DATA {
    for (;;) {
      if (this.#state === 'greeting') return this.#readGreeting();
      const head = this.#queue[0];
      if (head === undefined) {
        if (this.#buffer.length > 0 && this.#state !== 'closed') {
          throw new Pop3RemoteProtocolError('POP3_ERR_UNSOLICITED', 'the server sent data when no command was pending');
        }
        if (this.#eof) this.#state = 'closed';
        return NEED_DATA;
      }
      const event = this.#phaseReaders[head.phase](head);
      if (event !== null) return event;
    }
  }

  #readGreeting(): Pop3Event | typeof NEED_DATA {
    const line = this.#readLine();
    if (line === null) return NEED_DATA;
    const status = parseStatusLine(line);
    if (status.kind === 'err') throw new Pop3RemoteProtocolError('POP3_ERR_GREETING_REJECTED', `server refused the session: ${status.text}`);
    if (status.kind !== 'ok') throw new Pop3RemoteProtocolError('POP3_ERR_BAD_GREETING', 'the first line was not +OK');
    this.#state = STATE_AFTER_GREETING;
    this.#apopTimestamp = extractApopTimestamp(status.text);
    return { type: 'greeting', text: status.text, apopTimestamp: this.#apopTimestamp };
  }

  /** Reads a status line; returns an event, NEED_DATA, or null to go on to a listing or body. */
  #readStatus(head: PendingCommand): Pop3Event | typeof NEED_DATA | null {
    const line = this.#readLine();
    if (line === null) return NEED_DATA;
    const status = parseStatusLine(line);
    switch (status.kind) {
      case 'invalid':
        throw new Pop3RemoteProtocolError('POP3_ERR_BAD_STATUS', `expected +OK or -ERR for ${head.command}`);
      case 'continuation': {
        if (!head.reader.continuations || head.awaitingAuthResponse || head.cancelled) {
          throw new Pop3RemoteProtocolError('POP3_ERR_BAD_CONTINUATION', `"+ " continuation in answer to ${head.command}`);
        }
        if (!BASE64.test(status.challenge)) throw new Pop3RemoteProtocolError('POP3_ERR_BAD_CONTINUATION', 'continuation is not base64');
        const initialResponseRequested = head.initialResponseDeferred;
        head.initialResponseDeferred = false;
        head.awaitingAuthResponse = true;
        return { type: 'continuation', challenge: status.challenge, initialResponseRequested };
      }
      case 'err': {
        this.#complete(head, false);
        const code = head.cancelled ? 'POP3_ERR_AUTH_CANCELLED' : negativeCode(head.command, status.respCode);
        return { type: 'negative', command: head.command, text: status.text, respCode: status.respCode, code };
      }
      case 'ok':
        return this.#onOk(head, status.text, status.respCode);
    }
  }

  /** Hands a +OK to the command's reader: the answer ends here, or its lines or body follow. */
  #onOk(head: PendingCommand, text: string, respCode: string | null): Pop3Event | null {
    const reader = head.reader;
    switch (reader.kind) {
      case 'line': {
        const event = reader.read(text, respCode, head);
        this.#complete(head, true);
        return event;
      }
      case 'lines':
        head.lines = { collector: reader.start(this.#limits), decoder: this.#decoders[reader.charset] };
        break;
      case 'message':
        head.body = reader.start(this.#limits);
        break;
    }
    head.phase = reader.kind;
    return null;
  }

  #readLines(head: PendingCommand): Pop3Event | typeof NEED_DATA {
    const { collector, decoder } = head.lines!;
    for (;;) {
      const line = this.#readLine(decoder);
      if (line === null) return NEED_DATA;
      if (line === '.') break;
      collector.add(line.startsWith('.') ? line.slice(1) : line); // RFC 1939 §3 byte-stuffing
    }
    this.#complete(head, true);
    const event = collector.finish();
    if (event.type === 'capabilities') this.#capabilities = event.capabilities;
    return event;
  }

  #readBody(head: PendingCommand): Pop3Event | typeof NEED_DATA {
    const body = head.body!;
    for (;;) {
      const chunk = this.#buffer.peek();
      if (chunk === null) {
        if (this.#eof) throw new Pop3RemoteProtocolError('POP3_ERR_EOF', `connection ended in the middle of ${head.command} ${head.msg}`);
        return NEED_DATA;
      }
      this.#buffer.consume(body.feed(chunk));
      if (body.done) break;
    }
    this.#complete(head, true);
    return { type: 'message', command: head.command as 'RETR' | 'TOP', msg: head.msg!, bytes: body.finish() };
  }

  /** The command's answer has been read in full: dequeue it and apply the state table. */
  #complete(head: PendingCommand, ok: boolean): void {
    this.#queue.shift();
    if (head.behind) this.#pendingBehind--;
    const transition = stateAfterResponse(head.command, ok);
    if (transition === null) return;
    this.#state = transition.state;
    if (transition.forgetCapabilities) this.#capabilities = null;
    if (transition.forgetGreeting) this.#apopTimestamp = null;
    if (transition.discardBuffered) {
      this.#discardedBytes += this.#buffer.length;
      this.#buffer.clear();
    }
  }

  /** One line without its CRLF (a bare LF is tolerated), or null if it has not all arrived. */
  #readLine(decoder: TextDecoder = this.#decoders['utf-8']): string | null {
    const max = this.#limits.maxLineLength;
    const lf = this.#buffer.indexOfLf();
    if (lf < 0) {
      if (this.#buffer.length > max + 1) throw new Pop3RemoteProtocolError('POP3_ERR_LINE_TOO_LONG', `line longer than ${max} octets`);
      if (this.#eof) throw new Pop3RemoteProtocolError('POP3_ERR_EOF', 'connection ended in the middle of a response');
      return null;
    }
    if (lf > max + 1) throw new Pop3RemoteProtocolError('POP3_ERR_LINE_TOO_LONG', `line longer than ${max} octets`);
    const bytes = this.#buffer.take(lf + 1);
    const end = lf > 0 && bytes[lf - 1] === CR ? lf - 1 : lf;
    if (end > max) throw new Pop3RemoteProtocolError('POP3_ERR_LINE_TOO_LONG', `line longer than ${max} octets`);
    return decoder.decode(bytes.subarray(0, end));
  }

  #fail(error: Pop3RemoteProtocolError): void {
    this.#error = error;
    this.#state = 'failed';
    this.#queue = [];
    this.#pendingBehind = 0;
    this.#buffer.clear();
  }
}

function local(code: 'POP3_ERR_INVALID_STATE' | 'POP3_ERR_NOT_PIPELINING', message: string): Pop3LocalProtocolError {
  return new Pop3LocalProtocolError(code, message);
}

const utf8 = new TextEncoder();
function utf8Length(text: string): number {
  return utf8.encode(text).length;
}
