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
  /** Every n-th message (n, 2n, …) carries a ~1–2 MB attachment. Default: none. Ignored by the 'reference' shape. */
  largeEvery?: number;
  /**
   * 'classic' (default; its bytes never change, e2e and integration tests depend on them)
   * or 'reference': the bench's reference mailbox shape (DESIGN.md "Targets"), 2,000 messages ≈ 100 MB of POP3
   * bytes, median ≈ 7.5 kB, mostly text bodies, and 129 of every 2,000 messages (spread
   * evenly) carrying binary attachments for a size of 100 kB–1.8 MB (log-scale, skewed a little towards the top so the total comes near 100 MB).
   */
  shape?: 'classic' | 'reference';
}

/** The reference shape's large messages: 129 of every 2,000, as in the reference mailbox. */
const REFERENCE_LARGE_PER_2000 = 129;
const REFERENCE_LARGE_MIN = 100_000;
const REFERENCE_LARGE_MAX = 1_800_000;

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

/** The header block both shapes share; it draws from `random` in the same order as before it was shared. */
function messageHeaders(random: () => number, options: { index: number; seed: number; nonAscii: boolean; idPrefix: string }): string[] {
  const number = options.index + 1;
  const subject = options.nonAscii
    ? encodedWord(`${pick(random, NON_ASCII_SUBJECTS)} #${number}`)
    : `${sentence(random, 3 + Math.floor(random() * 5))} #${number}`;
  // A fixed epoch plus one hour per message: deterministic, increasing dates.
  const date = new Date(Date.UTC(2024, 0, 1) + options.index * 3_600_000).toUTCString().replace('GMT', '+0000');
  const from = pick(random, NAMES);
  return [
    `From: ${from} <${from.split(' ')[0]!.toLowerCase()}@example.org>`,
    'To: Reader <reader@example.net>',
    `Subject: ${subject}`,
    `Date: ${date}`,
    `Message-ID: <${options.idPrefix}-${options.seed}-${number}@satchel.test>`,
    'MIME-Version: 1.0',
  ];
}

function generateMessage(random: () => number, index: number, seed: number, large: boolean): string {
  const number = index + 1;
  const nonAscii = random() < 0.3;
  const dotLines = random() < 0.4;
  const attachments = large ? 1 : random() < 0.25 ? 1 + Math.floor(random() * 2) : 0;
  const headers = messageHeaders(random, { index, seed, nonAscii, idPrefix: 'gen' });
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

/** Whether message index (0-based) is one of the reference shape's large ones: evenly spread, 129 per 2,000. */
function isReferenceLarge(index: number): boolean {
  return Math.floor(((index + 1) * REFERENCE_LARGE_PER_2000) / 2000) > Math.floor((index * REFERENCE_LARGE_PER_2000) / 2000);
}

function base64Part(boundary: string, name: string, bytes: Uint8Array): string[] {
  return [
    `--${boundary}`,
    `Content-Type: application/octet-stream; name="${name}"`,
    `Content-Disposition: attachment; filename="${name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(bytes),
  ];
}

/**
 * One message of the reference shape: text bodies of 20–420 lines (skewed short, median
 * ≈ 7.5 kB), one in ten small ones with a 2–60 kB attachment, and the large ones padded
 * with binary attachments (at most 900 kB each) to 100 kB–1.8 MB.
 */
function generateReferenceMessage(random: () => number, index: number, seed: number): string {
  const number = index + 1;
  const large = isReferenceLarge(index);
  const nonAscii = random() < 0.3;
  const dotLines = random() < 0.4;
  const headers = messageHeaders(random, { index, seed, nonAscii, idPrefix: 'ref' });
  const text = textBody(random, 10 + Math.floor(random() ** 2 * 320), dotLines);
  const attachmentBytes: number[] = [];
  if (large) {
    const target = Math.round(REFERENCE_LARGE_MIN * (REFERENCE_LARGE_MAX / REFERENCE_LARGE_MIN) ** (random() ** 0.82));
    // base64 grows bytes by 4/3 plus CRLF every 76 characters: 78/76 × 4/3.
    let binary = Math.max(1_000, Math.floor(((target - text.length - 1_000) * 3 * 76) / (4 * 78)));
    while (binary > 0) {
      const part = Math.min(binary, 900_000);
      attachmentBytes.push(part);
      binary -= part;
    }
  } else if (random() < 0.1) {
    attachmentBytes.push(2_000 + Math.floor(random() * 58_000));
  }
  if (attachmentBytes.length === 0) {
    return [...headers, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, ''].join('\r\n');
  }
  const boundary = `=_ref_${seed}_${number}`;
  const parts = [`--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text];
  attachmentBytes.forEach((size, a) => parts.push(...base64Part(boundary, `file-${number}-${a}.bin`, randomBytes(random, size))));
  parts.push(`--${boundary}--`, '');
  return [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', 'This is a multi-part message in MIME format.', ...parts].join('\r\n');
}

/** `count` messages, message 1 first. Deterministic in (count, seed, largeEvery, shape). */
export function generateMailbox(options: GenerateMailboxOptions): Uint8Array[] {
  const messages: Uint8Array[] = [];
  for (let index = 0; index < options.count; index++) {
    // One stream per message, so message n is the same whatever count is asked for.
    const random = prng(options.seed * 1_000_003 + index);
    if (options.shape === 'reference') {
      messages.push(new Uint8Array(Buffer.from(generateReferenceMessage(random, index, options.seed), 'utf8')));
      continue;
    }
    const large = options.largeEvery !== undefined && options.largeEvery > 0 && (index + 1) % options.largeEvery === 0;
    messages.push(new Uint8Array(Buffer.from(generateMessage(random, index, options.seed, large), 'utf8')));
  }
  return messages;
}

/**
 * The generated mail the parser-equivalence tests read beside the corpus: 300 messages of the
 * reference shape, named for failure messages.
 */
export function namedReferenceMail(): Array<{ name: string; bytes: Uint8Array }> {
  return generateMailbox({ count: 300, seed: 4, shape: 'reference' }).map((bytes, i) => ({ name: `generated ${i + 1}`, bytes }));
}
