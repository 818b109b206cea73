import { concatBytes } from '../bytes/index.ts';
import { negativeResponseError, unexpectedEvent } from './answer-errors.ts';
import type { Pop3Command } from './commands.ts';
import { asCutShort, vouchedFor } from './cut-short-message.ts';
import { Pop3LocalProtocolError, Pop3NegativeResponseError, Pop3RemoteProtocolError } from './errors.ts';
import type { Pop3Event } from './events.ts';

/** One RETR or TOP in a fetchMany batch. */
export interface FetchRequest {
  type: 'RETR' | 'TOP';
  msg: number;
  /** TOP only: body lines after the header. */
  lines?: number;
  /** The message's size from LIST, when known: it sizes the byte window. */
  size?: number;
}

export type RequestCallback = (request: FetchRequest, bytes: Uint8Array) => void | Promise<void>;
/** A -ERR to one RETR or TOP of a batch: that message's failure, not the batch's. */
export type NegativeCallback = (request: FetchRequest, error: Pop3NegativeResponseError) => void | Promise<void>;

type FetchCommand = Extract<Pop3Command, { type: 'RETR' | 'TOP' }>;

/** What the fetch loop needs of the session that runs it; its calls are already serialised. */
interface FetchLink {
  /** Pop3Client.send: the command's bytes, or a Pop3LocalProtocolError. */
  send(command: FetchCommand): Uint8Array;
  write(bytes: Uint8Array): void;
  /** The next event, reading from the channel as needed. */
  nextEvent(): Promise<Pop3Event>;
  /** Sends NOOP and reads its answer; -ERR throws Pop3NegativeResponseError. */
  noop(): Promise<unknown>;
  /** Most commands in flight: 1 when not pipelining. */
  window: number;
  /** Most bytes of answers expected in flight (Pop3SessionOptions.pipelineBytes). */
  windowBytes: number;
}

/** What an answer of unknown size counts against pipelineBytes (4 MiB / 32: the old 32-command window). */
const UNKNOWN_ANSWER_BYTES = 128 * 1024;
/** What a TOP answer is expected to take: the header block, guessed, plus ~100 bytes a line. */
const TOP_HEADER_GUESS = 2048;

function expectedBytes(request: FetchRequest): number {
  const top = TOP_HEADER_GUESS + 100 * (request.lines ?? 0);
  if (request.size === undefined) return request.type === 'TOP' ? top : UNKNOWN_ANSWER_BYTES;
  return request.type === 'TOP' ? Math.min(request.size, top) : request.size;
}

/**
 * Pop3Session.fetchMany's loop: sends RETR and TOP in windows bounded by command count and
 * expected bytes, hands each answer to onMessage in order, and holds a RETR answer shorter
 * than LIST said until the next status line vouches for it (cut-short-message.ts).
 */
export async function fetchPipelined(link: FetchLink, requests: FetchRequest[], onMessage: RequestCallback, onNegative: NegativeCallback | undefined): Promise<void> {
  const commands: FetchCommand[] = requests.map((r) => (r.type === 'TOP' ? { type: 'TOP', msg: r.msg, lines: r.lines ?? 0 } : { type: 'RETR', msg: r.msg }));
  for (const command of commands) {
    if (!Number.isSafeInteger(command.msg) || command.msg < 1) {
      throw new Pop3LocalProtocolError('POP3_ERR_BAD_ARGUMENT', `bad message number ${command.msg} in batch`);
    }
  }
  const { window, windowBytes } = link;
  const expected = requests.map(expectedBytes);
  let next = 0;
  let done = 0;
  let inFlight = 0;
  let bytesInFlight = 0;
  let failure: { error: unknown } | null = null;
  // Top up once a quarter of each bound is free again, not after every answer: each write is
  // a WebSocket message that the browser deflates and the bridge inflates, and topping up
  // after each of 2,000 bodies made one per body. Three quarters of 4 MiB still keeps a bad
  // link busy for seconds.
  const worthRefilling = (): boolean => inFlight === 0 || (window - inFlight >= window / 4 && windowBytes - bytesInFlight >= windowBytes / 4);
  const refill = (): void => {
    if (!worthRefilling()) return;
    const batch: Uint8Array[] = [];
    while (failure === null && next < commands.length && inFlight < window && (inFlight === 0 || bytesInFlight + expected[next]! <= windowBytes)) {
      try {
        batch.push(link.send(commands[next]!));
      } catch (error) {
        // A bad message number: stop here, but still send what the client already counts
        // as pending, or we would wait for answers to commands never written.
        failure = { error };
        break;
      }
      bytesInFlight += expected[next]!;
      next++;
      inFlight++;
    }
    // One write per batch: the whole window leaves at once, one round trip (the channel
    // splits it into frames its transport accepts).
    if (batch.length > 0) link.write(concatBytes(batch));
  };
  /** A RETR answer shorter than LIST said, waiting for the next status line to vouch for it. */
  let held: { request: FetchRequest; bytes: Uint8Array } | null = null;
  const deliverHeld = async (): Promise<void> => {
    const message = held;
    held = null;
    if (message === null || failure !== null) return;
    try {
      await onMessage(message.request, message.bytes);
    } catch (error) {
      failure = { error };
    }
  };
  refill();
  while (inFlight > 0 || held !== null) {
    if (inFlight === 0) {
      // The last answer of the batch is held: a NOOP's status line vouches for it instead.
      if (failure === null) {
        await vouchedFor(() => link.noop().catch((error: unknown) => {
          if (!(error instanceof Pop3NegativeResponseError)) throw error;
        }));
      }
      await deliverHeld();
      continue;
    }
    const event: Pop3Event = held === null ? await link.nextEvent() : await vouchedFor(() => link.nextEvent()).catch(async (error: unknown) => {
      // Too large is found in the next answer's body, so its status line parsed and vouched.
      if (error instanceof Pop3RemoteProtocolError && error.code === 'POP3_ERR_MESSAGE_TOO_LARGE') await deliverHeld();
      throw error;
    });
    await deliverHeld();
    inFlight--;
    bytesInFlight -= expected[done]!;
    const request = requests[done++]!;
    if (failure !== null) continue; // draining answers already asked for
    if (event.type === 'negative') {
      if (onNegative === undefined) {
        failure = { error: negativeResponseError(event) };
        continue;
      }
      refill();
      try {
        await onNegative(request, negativeResponseError(event));
      } catch (error) {
        failure = { error };
      }
      refill();
      continue;
    }
    if (event.type !== 'message') throw unexpectedEvent(event);
    refill(); // keep the server busy while the callback stores this message
    if (request.type === 'RETR' && request.size !== undefined && event.bytes.byteLength < request.size) {
      held = { request, bytes: event.bytes };
      // One at a time, the rest of the message may already be here: refill's send saw it.
      const refused = failure as { error: unknown } | null; // set by refill, which TypeScript cannot see
      if (refused !== null) failure = { error: asCutShort(refused.error) };
      continue;
    }
    try {
      await onMessage(request, event.bytes);
    } catch (error) {
      failure = { error };
    }
    refill();
  }
  if (failure !== null) throw failure.error;
}
