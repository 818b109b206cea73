import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pop3Command } from '../../../../../shared/pop3/index.ts';

/** One step of a recorded session: the client sends a command, or the server sends bytes. */
export type TranscriptStep =
  | { kind: 'send'; command: Pop3Command; line: string }
  | { kind: 'server'; bytes: Uint8Array };

const FIXTURES = new URL('../../../../fixtures/pop3-sessions/', import.meta.url);

/** Reads tests/fixtures/pop3-sessions/NAME (format in that folder's README.md). */
export function loadTranscript(name: string): TranscriptStep[] {
  const text = readFileSync(fileURLToPath(new URL(name, FIXTURES)), 'utf8');
  const steps: TranscriptStep[] = [];
  for (const raw of text.split('\n')) {
    if (raw === '' || raw.startsWith('#')) continue;
    const prefix = raw.slice(0, 3);
    const rest = raw.slice(3);
    if (prefix === 'S: ' || prefix === 'S| ') {
      steps.push({ kind: 'server', bytes: unescapeBytes(rest + (prefix === 'S: ' ? '\r\n' : '\n')) });
    } else if (prefix === 'C: ') {
      steps.push({ kind: 'send', command: parseCommand(rest), line: rest });
    } else if (prefix === 'C+ ') {
      steps.push({ kind: 'send', command: { type: 'AUTH_RESPONSE', response: rest }, line: rest });
    } else {
      throw new Error(`bad transcript line in ${name}: ${raw}`);
    }
  }
  return steps;
}

/** All the server's bytes in order, and the offsets in that stream where each command is sent. */
export function serverStream(steps: TranscriptStep[]): { bytes: Uint8Array; sendPoints: Set<number> } {
  const parts: Uint8Array[] = [];
  const sendPoints = new Set<number>();
  let offset = 0;
  for (const step of steps) {
    if (step.kind === 'send') sendPoints.add(offset);
    else {
      parts.push(step.bytes);
      offset += step.bytes.length;
    }
  }
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, sendPoints };
}

function unescapeBytes(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === 'x') {
      out.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (c === '\\' && text[i + 1] === '\\') {
      out.push(0x5c);
      i++;
    } else {
      out.push(...new TextEncoder().encode(c));
    }
  }
  return Uint8Array.from(out);
}

function parseCommand(line: string): Pop3Command {
  if (line === '*') return { type: 'AUTH_CANCEL' };
  const [verb = '', ...args] = line.split(' ');
  const n = (i: number): number => Number(args[i]);
  switch (verb) {
    case 'CAPA': case 'STLS': case 'UTF8': case 'STAT': case 'RSET': case 'NOOP': case 'QUIT':
      return { type: verb };
    case 'USER': return { type: 'USER', name: args.join(' ') };
    case 'PASS': return { type: 'PASS', password: args.join(' ') };
    case 'APOP': return { type: 'APOP', name: args[0]!, digest: args[1]! };
    case 'AUTH': return args[1] === undefined ? { type: 'AUTH', mechanism: args[0]! } : { type: 'AUTH', mechanism: args[0]!, initialResponse: args[1] };
    case 'LIST': case 'UIDL': return args.length === 0 ? { type: verb } : { type: verb, msg: n(0) };
    case 'RETR': case 'DELE': return { type: verb, msg: n(0) };
    case 'TOP': return { type: 'TOP', msg: n(0), lines: n(1) };
    default: throw new Error(`unknown command in transcript: ${verb}`);
  }
}
