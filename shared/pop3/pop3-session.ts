import type { ByteChannel } from './byte-channel.ts';
import type { Pop3Capabilities } from './capabilities.ts';
import type { Pop3Command } from './commands.ts';
import { NEED_DATA, type Pop3Event } from './events.ts';
import type { Pop3Limits } from './limits.ts';
import { Pop3Client } from './pop3-client.ts';
import { Pop3LocalProtocolError } from './pop3-local-protocol-error.ts';
import { Pop3NegativeResponseError } from './pop3-negative-response-error.ts';
import { Pop3RemoteProtocolError } from './pop3-remote-protocol-error.ts';
import { apopDigest } from './apop-digest.ts';
import { LoginMechanism } from './sasl/login.ts';
import { OAuthBearerMechanism } from './sasl/oauthbearer.ts';
import { PlainMechanism } from './sasl/plain.ts';
import { ScramSha256Mechanism } from './sasl/scram-sha-256.ts';
import type { SaslMechanism } from './sasl/sasl-mechanism.ts';
import { XOAuth2Mechanism } from './sasl/xoauth2.ts';
import type { Pop3State } from './state-table.ts';

export interface Pop3SessionOptions {
  /** See Pop3ClientOptions.greeting. @default 'expect' */
  greeting?: 'expect' | 'none';
  /** Bounds on what the server sends. @default DEFAULT_POP3_LIMITS */
  limits?: Partial<Pop3Limits>;
  /**
   * Most RETR/TOP commands in flight at once when the server offers PIPELINING. It bounds
   * how much the server may have queued for us; 1 means never pipeline.
   * @default 32
   */
  pipelineWindow?: number;
}

export type Pop3LoginMechanism = 'auto' | 'USER' | 'APOP' | 'PLAIN' | 'LOGIN' | 'XOAUTH2' | 'OAUTHBEARER' | 'SCRAM-SHA-256';

export interface Pop3Credentials {
  user: string;
  /** The password, or the OAuth access token for XOAUTH2 and OAUTHBEARER. Never logged. */
  password: string;
  /** 'auto' picks PLAIN if the server offers it, else USER/PASS. @default 'auto' */
  mechanism?: Pop3LoginMechanism;
}

type MessageCallback = (msg: number, bytes: Uint8Array) => void | Promise<void>;

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
  #lock: Promise<unknown> = Promise.resolve();
  #eof = false;

  constructor(channel: ByteChannel, options: Pop3SessionOptions = {}) {
    this.#channel = channel;
    this.#expectGreeting = (options.greeting ?? 'expect') === 'expect';
    this.#client = new Pop3Client({ greeting: options.greeting ?? 'expect', ...(options.limits ? { limits: options.limits } : {}) });
    const window = options.pipelineWindow ?? 32;
    if (!Number.isSafeInteger(window) || window < 1) throw new RangeError('pipelineWindow must be a positive integer');
    this.#window = window;
  }

  get capabilities(): Pop3Capabilities | null {
    return this.#client.capabilities;
  }

  get state(): Pop3State {
    return this.#client.state;
  }

  /** Reads the greeting (if expected), then asks CAPA. A server without CAPA gives null. */
  open(): Promise<{ greeting: string | null; capabilities: Pop3Capabilities | null }> {
    return this.#exclusive(async () => {
      let greeting: string | null = null;
      if (this.#expectGreeting) {
        const event = await this.#event();
        if (event.type !== 'greeting') throw unexpected(event);
        greeting = event.text;
      }
      return { greeting, capabilities: await this.#capa() };
    });
  }

  /**
   * Logs in, then asks CAPA again (RFC 2449 §5: capabilities may change after login).
   * A -ERR throws Pop3NegativeResponseError, whose code is POP3_ERR_AUTH for bad
   * credentials, POP3_ERR_IN_USE for a locked maildrop, and so on.
   */
  login(credentials: Pop3Credentials): Promise<void> {
    return this.#exclusive(async () => {
      const mechanism = this.#chooseMechanism(credentials.mechanism ?? 'auto');
      const { user, password } = credentials;
      switch (mechanism) {
        case 'USER':
          await this.#simple({ type: 'USER', name: user });
          await this.#simple({ type: 'PASS', password });
          break;
        case 'APOP':
          await this.#simple({ type: 'APOP', name: user, digest: apopDigest(this.#client.apopTimestamp!, password) });
          break;
        case 'PLAIN': await this.#authenticate(new PlainMechanism(user, password)); break;
        case 'LOGIN': await this.#authenticate(new LoginMechanism(user, password)); break;
        case 'XOAUTH2': await this.#authenticate(new XOAuth2Mechanism(user, password)); break;
        case 'OAUTHBEARER': await this.#authenticate(new OAuthBearerMechanism(user, password)); break;
        case 'SCRAM-SHA-256': await this.#authenticate(new ScramSha256Mechanism(user, password)); break;
      }
      await this.#capa();
    });
  }

  stat(): Promise<{ count: number; size: number }> {
    return this.#exclusive(async () => {
      const event = await this.#simple({ type: 'STAT' });
      if (event.type !== 'stat') throw unexpected(event);
      return { count: event.count, size: event.size };
    });
  }

  list(): Promise<Array<{ msg: number; size: number }>> {
    return this.#exclusive(async () => {
      const event = await this.#simple({ type: 'LIST' });
      if (event.type !== 'scan-listing') throw unexpected(event);
      return event.entries;
    });
  }

  uidl(): Promise<Array<{ msg: number; uid: string }>> {
    return this.#exclusive(async () => {
      const event = await this.#simple({ type: 'UIDL' });
      if (event.type !== 'unique-id-listing') throw unexpected(event);
      return event.entries;
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
    return this.#exclusive(() => this.#fetchMany(msgs.map((msg) => ({ type: 'RETR', msg })), onMessage));
  }

  /** Like retrMany, with TOP msg lines (RFC 1939 §7): headers and the first lines of the body. */
  topMany(msgs: number[], lines: number, onMessage: MessageCallback): Promise<void> {
    return this.#exclusive(() => this.#fetchMany(msgs.map((msg) => ({ type: 'TOP', msg, lines })), onMessage));
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
      if (event.type === 'negative') throw negative(event);
    });
  }

  #chooseMechanism(asked: Pop3LoginMechanism): Exclude<Pop3LoginMechanism, 'auto'> {
    const caps = this.#client.capabilities;
    if (asked === 'auto') return caps?.sasl.includes('PLAIN') ? 'PLAIN' : 'USER';
    if (asked === 'APOP' && this.#client.apopTimestamp === null) {
      throw new Pop3LocalProtocolError('POP3_ERR_MECHANISM_UNAVAILABLE', 'the greeting had no APOP timestamp');
    }
    if (asked !== 'USER' && asked !== 'APOP' && caps !== null && !caps.sasl.includes(asked)) {
      throw new Pop3LocalProtocolError('POP3_ERR_MECHANISM_UNAVAILABLE', `the server does not offer SASL ${asked}`);
    }
    return asked;
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
      if (event.type === 'negative') throw negative(event);
      if (event.type !== 'continuation') throw unexpected(event);
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
    // RFC 2449 §5: a server without CAPA answers -ERR; we then go on one command at a time.
    if (event.type === 'negative') return null;
    if (event.type !== 'capabilities') throw unexpected(event);
    return event.capabilities;
  }

  async #fetchOne(command: Extract<Pop3Command, { type: 'RETR' | 'TOP' }>): Promise<Uint8Array> {
    const event = await this.#simple(command);
    if (event.type !== 'message') throw unexpected(event);
    return event.bytes;
  }

  async #fetchMany(commands: Array<Extract<Pop3Command, { type: 'RETR' | 'TOP' }>>, onMessage: MessageCallback): Promise<void> {
    for (const command of commands) {
      if (!Number.isSafeInteger(command.msg) || command.msg < 1) {
        throw new Pop3LocalProtocolError('POP3_ERR_BAD_ARGUMENT', `bad message number ${command.msg} in batch`);
      }
    }
    const window = this.#client.canPipeline ? this.#window : 1;
    let next = 0;
    let inFlight = 0;
    let failure: { error: unknown } | null = null;
    const refill = (): void => {
      const batch: Uint8Array[] = [];
      while (failure === null && next < commands.length && inFlight < window) {
        try {
          batch.push(this.#client.send(commands[next]!));
        } catch (error) {
          // A bad message number: stop here, but still send what the client already counts
          // as pending, or we would wait for answers to commands never written.
          failure = { error };
          break;
        }
        next++;
        inFlight++;
      }
      // One write per batch: the whole window leaves in one segment, one round trip.
      if (batch.length > 0) this.#channel.write(concat(batch));
    };
    refill();
    while (inFlight > 0) {
      const event = await this.#event();
      inFlight--;
      if (failure !== null) continue; // draining answers already asked for
      if (event.type === 'negative') {
        failure = { error: negative(event) };
        continue;
      }
      if (event.type !== 'message') throw unexpected(event);
      refill(); // keep the server busy while the callback stores this message
      try {
        await onMessage(event.msg, event.bytes);
      } catch (error) {
        failure = { error };
      }
      refill();
    }
    if (failure !== null) throw failure.error;
  }

  /** Sends one command and reads its answer; -ERR throws. */
  async #simple(command: Pop3Command): Promise<Pop3Event> {
    this.#channel.write(this.#client.send(command));
    const event = await this.#event();
    if (event.type === 'negative') throw negative(event);
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

function negative(event: Extract<Pop3Event, { type: 'negative' }>): Pop3NegativeResponseError {
  return new Pop3NegativeResponseError(event.code, event.command, event.respCode, event.text);
}

function unexpected(event: Pop3Event): Error {
  // Cannot happen unless Pop3Client has a bug: the event types follow from the command sent.
  return new Error(`unexpected POP3 event ${event.type}`);
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
