import { NEED_DATA, Pop3Client, type Pop3ClientOptions, type Pop3Event } from '../../../../../shared/pop3/index.ts';
import { serverStream, type TranscriptStep } from './transcript.ts';

const decoder = new TextDecoder();

/** What a replay produced: every event in order, and the text of every command sent. */
export interface ReplayResult {
  events: Pop3Event[];
  sent: string[];
  client: Pop3Client;
}

/**
 * Replays a recorded session through a fresh Pop3Client, delivering the server's bytes in
 * chunks that end at each offset in `cuts` (and, as on a real link, never before the command
 * they answer has been sent). Events are drained after every chunk and before every send.
 */
export function replay(steps: TranscriptStep[], cuts: Iterable<number>, options: Pop3ClientOptions = {}): ReplayResult {
  const client = new Pop3Client(options);
  const { bytes, sendPoints } = serverStream(steps);
  const boundaries = [...new Set([...cuts, ...sendPoints, bytes.length])].filter((b) => b > 0 && b <= bytes.length).sort((a, b) => a - b);
  const sends = steps.flatMap((step, index) => (step.kind === 'send' ? [{ step, offset: offsetOf(steps, index) }] : []));
  const events: Pop3Event[] = [];
  const sent: string[] = [];
  const drain = (): void => {
    for (let event = client.nextEvent(); event !== NEED_DATA; event = client.nextEvent()) events.push(event);
  };
  let sendIndex = 0;
  let position = 0;
  const sendDue = (): void => {
    for (; sendIndex < sends.length && sends[sendIndex]!.offset <= position; sendIndex++) {
      drain();
      sent.push(decoder.decode(client.send(sends[sendIndex]!.step.command)));
    }
  };
  sendDue();
  for (const boundary of boundaries) {
    client.receive(bytes.slice(position, boundary));
    position = boundary;
    drain();
    sendDue();
  }
  drain();
  return { events, sent, client };
}

function offsetOf(steps: TranscriptStep[], index: number): number {
  let offset = 0;
  for (let i = 0; i < index; i++) {
    const step = steps[i]!;
    if (step.kind === 'server') offset += step.bytes.length;
  }
  return offset;
}
