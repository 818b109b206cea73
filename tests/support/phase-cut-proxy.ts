/**
 * A TCP proxy for POP3 (between the bridge and a mail server) that cuts a session at a named
 * point of its conversation: k bytes into the greeting, before a command reaches the server,
 * or k bytes into the answer to the nth command of a name (0: the server answered, the client
 * heard nothing). It follows the conversation with pop3-conversation.ts, pipelining included.
 *
 * The cut is either here (both sockets reset, as a dying link would) or, with `onReached`,
 * elsewhere: the proxy hands over what the point allows, calls `onReached` (which cuts the
 * browser↔bridge link, say), and then relays the rest untouched.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { AnswerSplitter, CommandLineSplitter, type Pop3Command } from './pop3-conversation.ts';

export interface AnswerShape {
  /** Bytes of the status line, CRLF included. */
  statusLength: number;
  /** Bytes of the whole answer, a multi-line answer's terminator included. */
  length: number;
}

export interface CutPoint {
  /** The greeting, or the answer to the `nth` (1-based) command named `command`. */
  of: 'greeting' | { command: string; nth: number };
  /**
   * `withhold`: that command never reaches the server; the cut comes once every earlier
   * answer has reached the client. Otherwise: how many bytes of the answer reach the client.
   */
  deliver: 'withhold' | ((answer: AnswerShape) => number);
}

export interface ArmOptions {
  /** Called at the point instead of cutting here; the session then goes on untouched. */
  onReached?: () => Promise<void>;
  /**
   * How the client sees the cut: `reset` (RST, a link that died) or `close` (FIN, a server
   * process that exited or timed the session out). Default `reset`.
   */
  cutBy?: 'reset' | 'close';
}

export interface PhaseCutProxy {
  /** Listens on 127.0.0.1. */
  port: number;
  /** Arms `point` for the next connection; one-shot. */
  arm(point: CutPoint, options?: ArmOptions): void;
  /** Whether the last armed point was reached. */
  reached(): boolean;
  close(): Promise<void>;
}

/** A reset discards unsent data: give loopback this long to carry the last bytes over. */
const FLUSH_MS = 20;

function reset(socket: Socket): void {
  if (socket.destroyed) return;
  // RST, not FIN: a cut link does not say goodbye.
  if (socket.readyState === 'open' || socket.readyState === 'readOnly' || socket.readyState === 'writeOnly') socket.resetAndDestroy();
  else socket.destroy();
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function matches(point: CutPoint, command: Pop3Command): boolean {
  return point.of !== 'greeting' && point.of.command === command.name && point.of.nth === command.nth;
}

export async function startPhaseCutProxy(target: { host: string; port: number }): Promise<PhaseCutProxy> {
  let armed: { point: CutPoint; options: ArmOptions } | undefined;
  let wasReached = false;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const upstream = connect(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
    }
    const cutBoth = () => {
      reset(client);
      reset(upstream);
    };
    client.on('error', cutBoth);
    upstream.on('error', cutBoth);

    const plan = armed;
    armed = undefined;
    if (plan === undefined) {
      client.pipe(upstream);
      upstream.pipe(client);
      return;
    }
    const { point, options } = plan;
    const commands = new CommandLineSplitter();
    const answers = new AnswerSplitter();
    /** watching: looking for the point; firing: at it; passing: past it (relay only); cut: done. */
    let state: 'watching' | 'firing' | 'passing' | 'cut' = 'watching';
    /** The answer to hold back (0: the greeting), once its command went up. */
    let heldAnswer: number | null = point.of === 'greeting' ? 0 : null;
    let lastEnded = -1;
    /** Set when the withheld command came: fire once this answer has gone down. */
    let withheldAfter: number | null = null;
    const heldDown: Uint8Array[] = [];
    const heldUp: Uint8Array[] = [];
    let heldShape: AnswerShape | null = null;
    let heldLength = 0;

    const fire = async (delivered: Uint8Array) => {
      state = 'firing';
      wasReached = true;
      // Lines not yet ended go up before anything that arrives from now on.
      const partial = commands.takePartial();
      if (partial.length > 0) heldUp.unshift(partial);
      await new Promise<void>((resolve) => (delivered.length === 0 || client.destroyed ? resolve() : client.write(delivered, () => resolve())));
      await wait(FLUSH_MS);
      if (options.onReached === undefined) {
        state = 'cut';
        if (options.cutBy === 'close') {
          upstream.destroy();
          client.end();
        } else cutBoth();
        return;
      }
      await options.onReached();
      state = 'passing';
      for (const bytes of heldUp.splice(0)) if (!upstream.destroyed) upstream.write(bytes);
      for (const bytes of heldDown.splice(0)) if (!client.destroyed) client.write(bytes);
      if (ended.up) upstream.end();
      if (ended.down) client.end();
    };
    // A FIN goes on after the bytes before it: never ahead of what is held (a server's +OK to QUIT).
    const ended = { up: false, down: false };
    client.on('end', () => {
      ended.up = true;
      if (state === 'passing' || (state === 'watching' && withheldAfter === null)) upstream.end();
    });
    upstream.on('end', () => {
      ended.down = true;
      if (state === 'passing') client.end();
      else if (state === 'watching') {
        // The point never came: hand over whatever was held for it.
        for (const bytes of heldDown.splice(0)) client.write(bytes);
        client.end();
      }
    });

    upstream.on('data', (chunk: Buffer) => {
      if (state === 'cut') return;
      if (state === 'passing') return void client.write(chunk);
      if (state === 'firing') return void heldDown.push(chunk);
      const forward: Uint8Array[] = [];
      for (const piece of answers.push(chunk)) {
        if (heldAnswer !== null && piece.answer >= heldAnswer) {
          heldDown.push(piece.bytes);
          if (piece.answer === heldAnswer) heldLength += piece.bytes.length;
          if (piece.answer === heldAnswer && piece.ends) heldShape = { statusLength: piece.statusLength ?? heldLength, length: heldLength };
          continue;
        }
        forward.push(piece.bytes);
        if (piece.ends) lastEnded = piece.answer;
      }
      for (const bytes of forward) client.write(bytes);
      if (heldShape !== null && state === 'watching' && point.deliver !== 'withhold') {
        const all = Buffer.concat(heldDown.splice(0));
        const n = Math.max(0, Math.min(heldShape.length, point.deliver(heldShape)));
        heldDown.push(all.subarray(n));
        void fire(all.subarray(0, n));
      } else if (withheldAfter !== null && lastEnded >= withheldAfter && state === 'watching') {
        void fire(new Uint8Array(0));
      }
    });

    client.on('data', (chunk: Buffer) => {
      if (state === 'cut') return;
      if (state === 'passing') return void upstream.write(chunk);
      if (state === 'firing' || withheldAfter !== null) return void heldUp.push(chunk);
      for (const command of commands.push(chunk)) {
        if (withheldAfter !== null) {
          heldUp.push(command.line);
          continue;
        }
        if (matches(point, command) && point.deliver === 'withhold') {
          withheldAfter = command.index - 1;
          heldUp.push(command.line);
          continue;
        }
        if (matches(point, command)) heldAnswer = command.index;
        answers.expect(command);
        upstream.write(command.line);
      }
      // From the withheld command on, bytes are only held: the splitter's unended line comes first.
      if (withheldAfter !== null) {
        const partial = commands.takePartial();
        if (partial.length > 0) heldUp.push(partial);
      }
      if (withheldAfter !== null && lastEnded >= withheldAfter && state === 'watching') void fire(new Uint8Array(0));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('phase-cut-proxy: no TCP address');

  return {
    port: address.port,
    arm(point, options = {}) {
      armed = { point, options };
      wasReached = false;
    },
    reached: () => wasReached,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
