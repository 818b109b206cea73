import { apopDigest, dotStuff, type ByteChannel } from '../../../../../shared/pop3/index.ts';

export interface ScriptedServerOptions {
  /** CAPA lines, or null for a server that answers CAPA with -ERR. */
  capa?: string[] | null;
  /** CAPA lines after login; defaults to `capa`. */
  capaAfterLogin?: string[] | null;
  user?: string;
  password?: string;
  messages?: Uint8Array[];
  greeting?: string;
  /** Hang up (EOF) instead of answering this command line. */
  hangUpOn?: string;
  /** Answer this command with this raw text instead. */
  override?: Record<string, string>;
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
/** One read's worth of bytes (null: EOF); `answer` marks a complete response to a command. */
interface Outgoing {
  chunk: Uint8Array | null;
  answer: boolean;
}

const TIMESTAMP = '<4711.1700000000@pop.example.org>';

/**
 * An in-memory POP3 server behind a ByteChannel, enough like Dovecot for the session tests:
 * it records every command line, each write's batch size, and how many commands were in
 * flight at most (sent by the client but not yet read back).
 */
export class ScriptedServer implements ByteChannel {
  readonly received: string[] = [];
  readonly batches: number[] = [];
  maxInFlight = 0;
  closed = false;
  readonly deleted = new Set<number>();
  #options: Required<Omit<ScriptedServerOptions, 'hangUpOn'>> & { hangUpOn: string | undefined };
  #outbox: Outgoing[] = [];
  #waiter: ((chunk: Uint8Array | null) => void) | null = null;
  #partial = '';
  #inFlight = 0;
  #loggedIn = false;
  #auth: { mechanism: string; step: number; user?: string } | null = null;

  constructor(options: ScriptedServerOptions = {}) {
    const capa = options.capa === undefined ? ['USER', 'UIDL', 'TOP', 'PIPELINING', 'SASL PLAIN LOGIN', 'RESP-CODES', 'AUTH-RESP-CODE'] : options.capa;
    this.#options = {
      capa,
      capaAfterLogin: options.capaAfterLogin === undefined ? capa : options.capaAfterLogin,
      user: options.user ?? 'alice',
      password: options.password ?? 'secret',
      messages: options.messages ?? [],
      greeting: options.greeting ?? `+OK Dovecot ready. ${TIMESTAMP}\r\n`,
      hangUpOn: options.hangUpOn,
      override: options.override ?? {},
    };
    this.#push({ chunk: ascii(this.#options.greeting), answer: false });
  }

  write(bytes: Uint8Array): void {
    this.#partial += new TextDecoder().decode(bytes);
    let count = 0;
    for (let end = this.#partial.indexOf('\r\n'); end >= 0; end = this.#partial.indexOf('\r\n')) {
      const line = this.#partial.slice(0, end);
      this.#partial = this.#partial.slice(end + 2);
      this.received.push(line);
      count++;
      this.#inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
      const override = this.#options.override[line];
      if (line === this.#options.hangUpOn) this.#push({ chunk: null, answer: false });
      else if (override !== undefined) this.#push({ chunk: ascii(override), answer: true });
      else this.#answer(line);
    }
    this.batches.push(count);
  }

  read(): Promise<Uint8Array | null> {
    const next = this.#outbox.shift();
    if (next !== undefined) return Promise.resolve(this.#deliver(next));
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  close(): void {
    this.closed = true;
    this.#waiter?.(null);
    this.#waiter = null;
  }

  #deliver(item: Outgoing): Uint8Array | null {
    if (item.answer) this.#inFlight--;
    return item.chunk;
  }

  #push(item: Outgoing): void {
    if (this.#waiter !== null) {
      const waiter = this.#waiter;
      this.#waiter = null;
      waiter(this.#deliver(item));
    } else {
      this.#outbox.push(item);
    }
  }

  #reply(text: string, body?: Uint8Array): void {
    const head = ascii(`${text}\r\n`);
    this.#push({ chunk: body ? Uint8Array.from([...head, ...dotStuff(body)]) : head, answer: true });
  }

  #answer(line: string): void {
    const o = this.#options;
    if (this.#auth !== null) return this.#authStep(line);
    const [verb = '', ...args] = line.split(' ');
    const n = Number(args[0]);
    const exists = (msg: number): boolean => msg >= 1 && msg <= o.messages.length && !this.deleted.has(msg);
    switch (verb) {
      case 'CAPA': {
        const caps = this.#loggedIn ? o.capaAfterLogin : o.capa;
        return caps === null ? this.#reply('-ERR Unknown command') : this.#reply('+OK', ascii(caps.map((c) => `${c}\r\n`).join('')));
      }
      case 'USER': return this.#reply(args[0] === o.user ? '+OK' : '-ERR [AUTH] unknown user');
      case 'PASS': return this.#login(args.join(' ') === o.password);
      case 'APOP': return this.#login(args[0] === o.user && args[1] === apopDigest(TIMESTAMP, o.password));
      case 'AUTH':
        this.#auth = { mechanism: args[0] ?? '', step: 0 };
        return args[1] === undefined ? this.#reply(args[0] === 'LOGIN' ? '+ VXNlcm5hbWU6' : '+ ') : this.#authStep(args[1]);
      case 'STAT': return this.#reply(`+OK ${this.#live().length} ${this.#live().reduce((s, [, m]) => s + m.length, 0)}`);
      case 'LIST': return this.#reply('+OK', ascii(this.#live().map(([i, m]) => `${i} ${m.length}\r\n`).join('')));
      case 'UIDL': return this.#reply('+OK', ascii(this.#live().map(([i]) => `${i} uid-${i}\r\n`).join('')));
      case 'RETR': return exists(n) ? this.#reply('+OK', o.messages[n - 1]) : this.#reply('-ERR no such message');
      case 'TOP': {
        if (!exists(n)) return this.#reply('-ERR no such message');
        const message = Array.from(o.messages[n - 1]!, (b) => String.fromCharCode(b)).join('');
        const split = message.indexOf('\r\n\r\n');
        const head = split < 0 ? message : message.slice(0, split + 4);
        return this.#reply('+OK', Uint8Array.from(head, (c) => c.charCodeAt(0)));
      }
      case 'DELE':
        if (!exists(n)) return this.#reply('-ERR no such message');
        this.deleted.add(n);
        return this.#reply('+OK deleted');
      case 'RSET': this.deleted.clear(); return this.#reply('+OK');
      case 'NOOP': return this.#reply('+OK');
      case 'UTF8': return this.#reply(o.capa?.includes('UTF8') && !this.#loggedIn ? '+OK UTF8 enabled' : '-ERR unknown command');
      case 'QUIT': this.#reply('+OK bye'); return this.#push({ chunk: null, answer: false });
      default: return this.#reply('-ERR unknown command');
    }
  }

  #authStep(line: string): void {
    const auth = this.#auth!;
    if (line === '*') {
      this.#auth = null;
      return this.#reply('-ERR Authentication cancelled');
    }
    const decoded = new TextDecoder().decode(Uint8Array.from(atob(line), (c) => c.charCodeAt(0)));
    if (auth.mechanism === 'PLAIN') {
      this.#auth = null;
      return this.#login(decoded === `\0${this.#options.user}\0${this.#options.password}`);
    }
    if (auth.mechanism === 'LOGIN' && auth.step === 0) {
      auth.user = decoded;
      auth.step = 1;
      return this.#reply('+ UGFzc3dvcmQ6');
    }
    if (auth.mechanism === 'LOGIN') {
      this.#auth = null;
      return this.#login(auth.user === this.#options.user && decoded === this.#options.password);
    }
    if (auth.mechanism === 'XOAUTH2' && auth.step === 0) {
      if (decoded === `user=${this.#options.user}\x01auth=Bearer ${this.#options.password}\x01\x01`) {
        this.#auth = null;
        return this.#login(true);
      }
      auth.step = 1;
      return this.#reply(`+ ${btoa('{"status":"401"}')}`);
    }
    this.#auth = null;
    return this.#reply('-ERR [AUTH] Authentication failed');
  }

  #login(ok: boolean): void {
    if (ok) this.#loggedIn = true;
    this.#reply(ok ? '+OK Logged in.' : '-ERR [AUTH] Authentication failed.');
  }

  #live(): Array<[number, Uint8Array]> {
    return this.#options.messages.flatMap((m, i) => (this.deleted.has(i + 1) ? [] : [[i + 1, m] as [number, Uint8Array]]));
  }
}
