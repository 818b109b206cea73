/**
 * Deterministic synthetic mailboxes: the same (count, seed) always gives the same bytes,
 * so integration tests and benchmarks can compare runs. Valid RFC 5322 with CRLF line
 * ends, and the features a POP3 client gets wrong most often:
 * - lines starting with '.' (RFC 1939 §3 dot-stuffing), including a lone '.' line;
 * - RFC 2047 encoded-word subjects in UTF-8 (non-ASCII text);
 * - multipart/mixed with base64 binary attachments (RFC 2045 §6.8, 76-char lines);
 * - sizes from a few hundred bytes to megabytes (`largeEvery`).
 */

export interface GenerateMailboxOptions {
  count: number;
  /** Any integer; the same seed gives the same mailbox. */
  seed: number;
  /** Every n-th message (n, 2n, …) carries a ~1–2 MB attachment. Default: none. */
  largeEvery?: number;
}

/** mulberry32: tiny, fast, good enough for test data, and identical on every platform. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore ' +
  'et dolore magna aliqua offline inbox satchel message train tunnel bridge weather harbour letter').split(' ');
const NON_ASCII_SUBJECTS = ['Grüße aus München', 'Café, crème brûlée', 'Привет из Москвы', '東京からこんにちは', 'Ελληνικά νέα', '¡Olé! ✈ 🚆'];
const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function sentence(random: () => number, words: number): string {
  return Array.from({ length: words }, () => pick(random, WORDS)).join(' ');
}

/** RFC 2047 §4.1 B-encoding, split so each encoded word stays under 75 chars. */
function encodedWord(text: string): string {
  const words: string[] = [];
  let current = '';
  for (const char of text) {
    // 45 bytes of UTF-8 → 60 base64 chars + 12 for =?UTF-8?B??= → under 75.
    if (Buffer.byteLength(current + char) > 45) {
      words.push(current);
      current = '';
    }
    current += char;
  }
  words.push(current);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word).toString('base64')}?=`).join('\r\n ');
}

function base64Lines(bytes: Uint8Array): string {
  const encoded = Buffer.from(bytes).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join('\r\n');
}

function randomBytes(random: () => number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

function textBody(random: () => number, lines: number, dotLines: boolean): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) {
    if (dotLines && i % 7 === 3) {
      // Lines a server must dot-stuff: '.', '..', and '.' followed by text.
      body.push(pick(random, ['.', '..', '.hidden line', '. starts with a dot']));
    } else {
      body.push(sentence(random, 4 + Math.floor(random() * 10)));
    }
  }
  return body.join('\r\n');
}

function generateMessage(random: () => number, index: number, seed: number, large: boolean): string {
  const number = index + 1;
  const nonAscii = random() < 0.3;
  const dotLines = random() < 0.4;
  const attachments = large ? 1 : random() < 0.25 ? 1 + Math.floor(random() * 2) : 0;
  const subject = nonAscii
    ? encodedWord(`${pick(random, NON_ASCII_SUBJECTS)} #${number}`)
    : `${sentence(random, 3 + Math.floor(random() * 5))} #${number}`;
  // A fixed epoch plus one hour per message: deterministic, increasing dates.
  const date = new Date(Date.UTC(2024, 0, 1) + index * 3_600_000).toUTCString().replace('GMT', '+0000');
  const from = pick(random, NAMES);
  const headers = [
    `From: ${from} <${from.split(' ')[0]!.toLowerCase()}@example.org>`,
    'To: Reader <reader@example.net>',
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <gen-${seed}-${number}@satchel.test>`,
    'MIME-Version: 1.0',
  ];
  const text = textBody(random, 5 + Math.floor(random() * (random() < 0.1 ? 400 : 40)), dotLines);
  if (attachments === 0) {
    return [...headers, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, ''].join('\r\n');
  }
  const boundary = `=_gen_${seed}_${number}`;
  const parts = [
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    text,
  ];
  for (let a = 0; a < attachments; a++) {
    const size = large ? 1_000_000 + Math.floor(random() * 1_000_000) : 2_000 + Math.floor(random() * 150_000);
    parts.push(
      `--${boundary}`,
      `Content-Type: application/octet-stream; name="file-${number}-${a}.bin"`,
      `Content-Disposition: attachment; filename="file-${number}-${a}.bin"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(randomBytes(random, size)),
    );
  }
  parts.push(`--${boundary}--`, '');
  return [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', 'This is a multi-part message in MIME format.', ...parts].join('\r\n');
}

/** `count` messages, message 1 first. Deterministic in (count, seed, largeEvery). */
export function generateMailbox(options: GenerateMailboxOptions): Uint8Array[] {
  const messages: Uint8Array[] = [];
  for (let index = 0; index < options.count; index++) {
    // One stream per message, so message n is the same whatever count is asked for.
    const random = prng(options.seed * 1_000_003 + index);
    const large = options.largeEvery !== undefined && options.largeEvery > 0 && (index + 1) % options.largeEvery === 0;
    messages.push(new Uint8Array(Buffer.from(generateMessage(random, index, options.seed, large), 'utf8')));
  }
  return messages;
}
