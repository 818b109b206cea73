import { concatBytes } from '../bytes/index.ts';
import { negativeResponseError, unexpectedEvent } from './answer-errors.ts';
import type { ByteChannel } from './byte-channel.ts';
import type { Pop3Capabilities } from './capabilities.ts';
import type { Pop3Command } from './commands.ts';
import { NEED_DATA, type Pop3Event } from './events.ts';
import type { Pop3Limits } from './limits.ts';
import { Pop3Client } from './pop3-client.ts';
import { Pop3LocalProtocolError, Pop3NegativeResponseError, Pop3RemoteProtocolError } from './errors.ts';
import { apopDigest } from './apop-digest.ts';
import { fetchPipelined, type FetchRequest, type NegativeCallback, type RequestCallback } from './pipelined-fetch.ts';
import { chooseMechanism, saslMechanism, type Pop3Credentials, type Pop3LoginMechanism } from './login-mechanism.ts';
import type { SaslMechanism } from './sasl/sasl-mechanism.ts';
import type { Pop3State } from './state-table.ts';

export interface Pop3SessionOptions {
  /** See Pop3ClientOptions.greeting. @default 'expect' */
  greeting?: 'expect' | 'none';
  /** Bounds on what the server sends. @default DEFAULT_POP3_LIMITS */
  limits?: Partial<Pop3Limits>;
  /**
   * Most RETR/TOP commands in flight at once when the server offers PIPELINING; 1 means
   * never pipeline. Large, because small messages (headers above all) would otherwise wait
   * a round trip per window; pipelineBytes is the bound that matters for memory.
   * @default 2048
   */
  pipelineWindow?: number;
  /**
   * Most bytes of answers expected in flight at once, from each request's size (LIST) or,
   * without one, UNKNOWN_ANSWER_BYTES (pipelined-fetch.ts). The first command of a batch
   * always goes, however large. It keeps the link busy (far above a bad link's bandwidth ×
   * delay) while bounding what can pile up in the receive buffer.
   * @default 4 MiB
   */
  pipelineBytes?: number;
  /**
   * false: one command at a time even where CAPA lists PIPELINING. For a server that lists it
   * and then drops or garbles pipelined commands (the caller learns that from a failed sync).
   * @default true
   */
  pipelining?: boolean;
}

type MessageCallback = (msg: number, bytes: Uint8Array) => void | Promise<void>;

export interface FetchManyOptions {
  /**
   * Called, in order, for a request the server answered with -ERR; the batch goes on. Without
   * it, a -ERR ends the batch as retrMany describes. RFC 1939 gives -ERR per command: a
   * [SYS/TEMP] for one RETR says nothing about the next (DESIGN.md invariant 9).
   */
  onNegative?: NegativeCallback;
}

/**
 * Drives a Pop3Client over a ByteChannel with promises. Calls are serialised: a second call
 * waits for the first to finish, so responses can never be matched to the wrong caller.
 * A -ERR becomes a Pop3NegativeResponseError; a protocol failure (Pop3RemoteProtocolError)
 * closes the channel, as the byte stream can no longer be trusted.
 */
export class Pop3Session {
  readonly #channel: ByteChannel;
  readonly #client: Pop3Client;
  readonly #expectGreeting: boolean;
  readonly #window: number;
  readonly #windowBytes: number;
  readonly #pipeliningAllowed: boolean;
  /** Whether this session has read CAPA since the last login (or ever). */
  #capaRead = false;
  #lock: Promise<unknown> = Promise.resolve();
  #eof = false;

  constructor(channel: ByteChannel, options: Pop3SessionOptions = {}) {
    this.#channel = channel;
    this.#expectGreeting = (options.greeting ?? 'expect') === 'expect';
    this.#client = new Pop3Client({ greeting: options.greeting ?? 'expect', ...(options.limits ? { limits: options.limits } : {}) });
    const window = options.pipelineWindow ?? 2048;
    if (!Number.isSafeInteger(window) || window < 1) throw new RangeError('pipelineWindow must be a positive integer');
    this.#window = window;
    const windowBytes = options.pipelineBytes ?? 4 * 1024 * 1024;
    if (!Number.isSafeInteger(windowBytes) || windowBytes < 1) throw new RangeError('pipelineBytes must be a positive integer');
    this.#windowBytes = windowBytes;
    this.#pipeliningAllowed = options.pipelining !== false;
  }

  /** Whether commands are pipelined: the server lists PIPELINING (RFC 2449 §6.6) and options.pipelining allows it. */
  get pipelining(): boolean {
    return this.#pipeliningAllowed && this.#client.canPipeline;
  }

  get capabilities(): Pop3Capabilities | null {
    return this.#client.capabilities;
  }

  /** See Pop3Client.awaitingPipelinedAnswer. */
  get awaitingPipelinedAnswer(): boolean {
    return this.#client.awaitingPipelinedAnswer;
  }

  get state(): Pop3State {
    return this.#client.state;
  }

  /**
   * Reads the greeting (if expected), then asks CAPA. A server without CAPA gives null.
   * With `capabilities: false` it skips that CAPA, saving a round trip: only for a login
   * with a named mechanism, which needs no capabilities (login asks CAPA after a refused
   * AUTH, to tell a missing mechanism from bad credentials).
   */
  open(options: { capabilities?: boolean } = {}): Promise<{ greeting: string | null; capabilities: Pop3Capabilities | null }> {
    return this.#exclusive(async () => {
      let greeting: string | null = null;
      if (this.#expectGreeting) {
        const event = await this.#event();
        if (event.type !== 'greeting') throw unexpectedEvent(event);
        greeting = event.text;
      }
      return { greeting, capabilities: options.capabilities === false ? null : await this.#capa() };
    });
  }

  /**
   * Logs in, then asks CAPA again (RFC 2449 §5: capabilities may change after login).
   * A -ERR throws Pop3NegativeResponseError, whose code is POP3_ERR_AUTH for bad
   * credentials, POP3_ERR_IN_USE for a locked maildrop, and so on.
   */
  login(credentials: Pop3Credentials): Promise<void> {
    return this.#exclusive(async () => {
      const mechanism = chooseMechanism(credentials.mechanism ?? 'auto', this.#client.capabilities, this.#client.apopTimestamp);
      const { user, password } = credentials;
      await this.#enableUtf8();
      try {
        await this.#login(mechanism, user, password);
      } catch (error) {
        // Without capabilities (open skipped CAPA), a refused AUTH may mean the server lacks the mechanism.
        if (error instanceof Pop3NegativeResponseError && !this.#capaRead && mechanism !== 'USER' && mechanism !== 'APOP' && this.#client.state === 'authorization') {
          // A server may hang up after a refused AUTH; then the refusal is the better answer.
          const caps = await this.#capa().catch(() => null);
          if (caps !== null && !caps.sasl.includes(mechanism)) {
            throw new Pop3LocalProtocolError('POP3_ERR_MECHANISM_UNAVAILABLE', `the server does not offer SASL ${mechanism}`);
          }
        }
        throw error;
      }
      await this.#capa();
    });
  }

  /**
   * RFC 6856 §2: a server that lists UTF8 serves messages with raw UTF-8 headers only to a
   * client that sent UTF8; Courier, say, serves others a substitute "cannot display Unicode"
   * message whose size LIST does not report. Only in AUTHORIZATION, so before login, and only
   * known from a CAPA read before login. A refusal changes nothing: the session goes on.
   */
  async #enableUtf8(): Promise<void> {
    if (this.#client.capabilities?.utf8 !== true || this.#client.state !== 'authorization') return;
    this.#channel.write(this.#client.send({ type: 'UTF8' }));
    await this.#event();
  }

  async #login(mechanism: Exclude<Pop3LoginMechanism, 'auto'>, user: string, password: string): Promise<void> {
    switch (mechanism) {
      case 'USER':
        await this.#simple({ type: 'USER', name: user });
        await this.#simple({ type: 'PASS', password });
        break;
      case 'APOP':
        await this.#simple({ type: 'APOP', name: user, digest: apopDigest(this.#client.apopTimestamp!, password) });
        break;
      default:
        await this.#authenticate(saslMechanism(mechanism, user, password));
    }
  }

  stat(): Promise<{ count: number; size: number }> {
    return this.#exclusive(async () => {
      const event = await this.#simple({ type: 'STAT' });
      if (event.type !== 'stat') throw unexpectedEvent(event);
      return { count: event.count, size: event.size };
    });
  }

  list(): Promise<Array<{ msg: number; size: number }>> {
    return this.#exclusive(async () => {
      const event = await this.#simple({ type: 'LIST' });
      if (event.type !== 'scan-listing') throw unexpectedEvent(event);
      return event.entries;
    });
  }

  uidl(): Promise<Array<{ msg: number; uid: string }>> {
    return this.#exclusive(async () => {
      const event = await this.#simple({ type: 'UIDL' });
      if (event.type !== 'unique-id-listing') throw unexpectedEvent(event);
      return event.entries;
    });
  }

  /**
   * LIST and UIDL, pipelined into one round trip when the server offers PIPELINING. UIDL is
   * optional (RFC 1939 §7): a server that refuses it gives `uidl: null`, and the caller keys
   * messages another way. A refused LIST throws, after both answers are read, so the session
   * stays usable.
   */
  listing(): Promise<{ list: Array<{ msg: number; size: number }>; uidl: Array<{ msg: number; uid: string }> | null }> {
    return this.#exclusive(async () => {
      if (!this.pipelining) {
        const list = await this.#simple({ type: 'LIST' });
        if (list.type !== 'scan-listing') throw unexpectedEvent(list);
        this.#channel.write(this.#client.send({ type: 'UIDL' }));
        const uidl = await this.#event();
        if (uidl.type === 'negative') return { list: list.entries, uidl: null };
        if (uidl.type !== 'unique-id-listing') throw unexpectedEvent(uidl);
        return { list: list.entries, uidl: uidl.entries };
      }
      this.#channel.write(concatBytes([this.#client.send({ type: 'LIST' }), this.#client.send({ type: 'UIDL' })]));
      const list = await this.#event();
      const uidl = await this.#event();
      if (list.type === 'negative') throw negativeResponseError(list);
      if (list.type !== 'scan-listing') throw unexpectedEvent(list);
      if (uidl.type === 'negative') return { list: list.entries, uidl: null };
      if (uidl.type !== 'unique-id-listing') throw unexpectedEvent(uidl);
      return { list: list.entries, uidl: uidl.entries };
    });
  }

  retr(msg: number): Promise<Uint8Array> {
    return this.#exclusive(() => this.#fetchOne({ type: 'RETR', msg }));
  }

  top(msg: number, lines: number): Promise<Uint8Array> {
    return this.#exclusive(() => this.#fetchOne({ type: 'TOP', msg, lines }));
  }

  /**
   * RETR each message, pipelined with a bounded window when the server offers PIPELINING,
   * else one at a time. onMessage is called in order and awaited. If a RETR gets -ERR or
   * onMessage throws, no more commands are sent, the answers already in flight are read and
   * dropped, and then the error is thrown, so the session stays usable.
   */
  retrMany(msgs: number[], onMessage: MessageCallback): Promise<void> {
    return this.fetchMany(msgs.map((msg) => ({ type: 'RETR', msg })), (request, bytes) => onMessage(request.msg, bytes));
  }

  /** Like retrMany, with TOP msg lines (RFC 1939 §7): headers and the first lines of the body. */
  topMany(msgs: number[], lines: number, onMessage: MessageCallback): Promise<void> {
    return this.fetchMany(msgs.map((msg) => ({ type: 'TOP', msg, lines })), (request, bytes) => onMessage(request.msg, bytes));
  }

  /**
   * RETR and TOP requests in one pipeline, in order, as retrMany does: so headers, then
   * bodies, flow without a round trip between them. The window is bounded by command count
   * (pipelineWindow) and by the bytes the answers are expected to take (pipelineBytes).
   * A RETR answer shorter than its request's size is delivered only once the next status
   * line parses (a NOOP's, after the last answer); garbage there throws
   * POP3_ERR_MESSAGE_CUT_SHORT instead (vouchedFor).
   */
  fetchMany(requests: FetchRequest[], onMessage: RequestCallback, options: FetchManyOptions = {}): Promise<void> {
    return this.#exclusive(() => fetchPipelined({
      send: (command) => this.#client.send(command),
      write: (bytes) => this.#channel.write(bytes),
      nextEvent: () => this.#event(),
      noop: () => this.#simple({ type: 'NOOP' }),
      window: this.pipelining ? this.#window : 1,
      windowBytes: this.#windowBytes,
    }, requests, onMessage, options.onNegative));
  }

  dele(msg: number): Promise<void> {
    return this.#exclusive(async () => void (await this.#simple({ type: 'DELE', msg })));
  }

  rset(): Promise<void> {
    return this.#exclusive(async () => void (await this.#simple({ type: 'RSET' })));
  }

  noop(): Promise<void> {
    return this.#exclusive(async () => void (await this.#simple({ type: 'NOOP' })));
  }

  /**
   * RFC 1939 §6: only QUIT enters the UPDATE state, where DELE takes effect. Closes the
   * channel afterwards. A -ERR (some deletions failed) is thrown after closing.
   */
  quit(): Promise<void> {
    return this.#exclusive(async () => {
      this.#channel.write(this.#client.send({ type: 'QUIT' }));
      const event = await this.#event();
      this.#channel.close();
      if (event.type === 'negative') throw negativeResponseError(event);
    });
  }

  /** RFC 5034 §4 exchange; a mechanism that cannot answer a challenge cancels with "*". */
  async #authenticate(mechanism: SaslMechanism): Promise<void> {
    const initial = mechanism.initialResponse();
    this.#channel.write(this.#client.send({
      type: 'AUTH',
      mechanism: mechanism.name,
      ...(initial === null ? {} : { initialResponse: initial === '' ? '=' : initial }),
    }));
    for (;;) {
      const event = await this.#event();
      if (event.type === 'ok') return;
      if (event.type === 'negative') throw negativeResponseError(event);
      if (event.type !== 'continuation') throw unexpectedEvent(event);
      let response: string;
      try {
        response = event.initialResponseRequested ? (initial ?? '') : await mechanism.respond(event.challenge);
      } catch {
        this.#channel.write(this.#client.send({ type: 'AUTH_CANCEL' }));
        continue;
      }
      this.#channel.write(this.#client.send({ type: 'AUTH_RESPONSE', response }));
    }
  }

  async #capa(): Promise<Pop3Capabilities | null> {
    this.#channel.write(this.#client.send({ type: 'CAPA' }));
    const event = await this.#event();
    this.#capaRead = true;
    // RFC 2449 §5: a server without CAPA answers -ERR; we then go on one command at a time.
    if (event.type === 'negative') return null;
    if (event.type !== 'capabilities') throw unexpectedEvent(event);
    return event.capabilities;
  }

  async #fetchOne(command: Extract<Pop3Command, { type: 'RETR' | 'TOP' }>): Promise<Uint8Array> {
    const event = await this.#simple(command);
    if (event.type !== 'message') throw unexpectedEvent(event);
    return event.bytes;
  }

  /** Sends one command and reads its answer; -ERR throws. */
  async #simple(command: Pop3Command): Promise<Pop3Event> {
    this.#channel.write(this.#client.send(command));
    const event = await this.#event();
    if (event.type === 'negative') throw negativeResponseError(event);
    return event;
  }

  /** The next event, reading from the channel as needed. */
  async #event(): Promise<Pop3Event> {
    for (;;) {
      const event = this.#client.nextEvent();
      if (event !== NEED_DATA) return event;
      if (this.#eof) throw new Pop3RemoteProtocolError('POP3_ERR_EOF', 'the connection ended');
      const bytes = await this.#channel.read();
      if (bytes === null) {
        this.#eof = true;
        this.#client.receiveEof();
      } else {
        this.#client.receive(bytes);
      }
    }
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(task).catch((error: unknown) => {
      if (error instanceof Pop3RemoteProtocolError) this.#channel.close();
      throw error;
    });
    this.#lock = run.catch(() => undefined);
    return run;
  }
}
