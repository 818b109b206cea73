// The named points of one sync's POP3 session where the cut matrix cuts the link. The cut
// sync of every case runs: greeting, CAPA, USER, PASS, CAPA (RFC 2449 §5: again after login),
// LIST + UIDL, TOP × NEW_MESSAGES + RETR × NEW_MESSAGES (one pipeline), DELE × OLD_MESSAGES
// (delete policy only), QUIT.
import type { AnswerShape, CutPoint } from '../../support/phase-cut-proxy.ts';

/** Messages committed by an earlier sync (the delete policy DELEs them in the cut sync). */
export const OLD_MESSAGES = 2;
/** Messages delivered after that sync, which the cut sync downloads. */
export const NEW_MESSAGES = 3;

export interface NamedCutPoint {
  name: string;
  point: CutPoint;
  /** Only meaningful where the cut sync deletes (DELE exists only there). */
  deletesOnly?: boolean;
  /** The whole session is through before the cut: a resumable tunnel has nothing left to resume. */
  afterLastByte?: boolean;
}

type Offset = [label: string, deliver: (a: AnswerShape) => number];

const UNANSWERED: Offset = ['answered, client heard nothing', () => 0];
const ONE_BYTE: Offset = ['1 byte', () => 1];
const ALL_BUT_LF: Offset = ['all but the last byte', (a) => a.length - 1];
const WHOLE: Offset = ['whole answer, then cut', (a) => a.length];

const SINGLE_LINE: Offset[] = [UNANSWERED, ONE_BYTE, ALL_BUT_LF, WHOLE];
const MULTI_LINE: Offset[] = [
  UNANSWERED,
  ONE_BYTE,
  ['status line but its LF', (a) => a.statusLength - 1],
  ['status line', (a) => a.statusLength],
  ['status line + 1 byte', (a) => a.statusLength + 1],
  ['half', (a) => Math.floor(a.length / 2)],
  ['all but the terminator', (a) => a.length - 3],
  ALL_BUT_LF,
  WHOLE,
];
/** Ten offsets inside a RETR answer, from its first byte to the terminator's last. */
const INSIDE_RETR: Offset[] = [
  ONE_BYTE,
  ['status line but its LF', (a) => a.statusLength - 1],
  ['status line', (a) => a.statusLength],
  ['status line + 1 byte', (a) => a.statusLength + 1],
  ['a quarter', (a) => Math.floor(a.length / 4)],
  ['half', (a) => Math.floor(a.length / 2)],
  ['three quarters', (a) => Math.floor((a.length * 3) / 4)],
  ['all but the terminator', (a) => a.length - 3],
  ['all but the terminator\'s LF', (a) => a.length - 1],
  ['whole, terminator included', (a) => a.length],
];
const INSIDE_TOP: Offset[] = [UNANSWERED, ['status line', (a) => a.statusLength], ['half', (a) => Math.floor(a.length / 2)], ALL_BUT_LF, WHOLE];

function around(command: string, nth: number, offsets: Offset[], extra: Partial<NamedCutPoint> = {}): NamedCutPoint[] {
  const label = `${command}#${nth}`;
  return [
    { name: `${label}: never reaches the server`, point: { of: { command, nth }, deliver: 'withhold' }, ...extra },
    ...offsets.map(([offset, deliver]): NamedCutPoint => ({ name: `${label}: ${offset}`, point: { of: { command, nth }, deliver }, ...extra })),
  ];
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

export const CUT_POINTS: readonly NamedCutPoint[] = [
  ...[
    ['no byte', () => 0],
    ONE_BYTE,
    ['half', (a: AnswerShape) => Math.floor(a.length / 2)],
    ALL_BUT_LF,
    WHOLE,
  ].map(([offset, deliver]) => ({ name: `greeting: ${offset as string}`, point: { of: 'greeting', deliver } as CutPoint })),
  ...around('CAPA', 1, MULTI_LINE),
  ...around('USER', 1, SINGLE_LINE),
  ...around('PASS', 1, SINGLE_LINE),
  ...around('CAPA', 2, MULTI_LINE),
  ...around('LIST', 1, MULTI_LINE),
  ...around('UIDL', 1, MULTI_LINE),
  ...range(NEW_MESSAGES).flatMap((nth) => around('TOP', nth, INSIDE_TOP)),
  ...range(NEW_MESSAGES).flatMap((nth) => around('RETR', nth, [UNANSWERED, ...INSIDE_RETR])),
  ...range(OLD_MESSAGES).flatMap((nth) => around('DELE', nth, SINGLE_LINE.filter((o) => o !== ALL_BUT_LF), { deletesOnly: true })),
  // QUIT withheld is "after the DELEs, before QUIT"; QUIT unanswered is "after QUIT, before its +OK".
  ...around('QUIT', 1, SINGLE_LINE).map((cut) => (cut.name.endsWith(WHOLE[0]) ? { ...cut, afterLastByte: true } : cut)),
];

/** A fixed sample for npm test: one or more points of every phase, the riskiest offsets first. */
export const SAMPLED_POINTS: readonly string[] = [
  'greeting: half',
  'PASS#1: answered, client heard nothing',
  'UIDL#1: all but the terminator',
  'TOP#2: half',
  'RETR#1: status line + 1 byte',
  'RETR#2: all but the terminator\'s LF',
  'RETR#3: whole, terminator included',
  'DELE#2: answered, client heard nothing',
  'QUIT#1: never reaches the server',
  'QUIT#1: answered, client heard nothing',
];
