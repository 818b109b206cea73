import fc from 'fast-check';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractMetadata } from '../../../../web/src/lib/message/message-metadata.ts';
import { MESSAGE_BUDGET, MessageWorkBudget } from '../../../../web/src/lib/message/message-work-budget.ts';
import { quickMetadata } from '../../../../web/src/lib/message/quick-metadata.ts';
import { TURN_MS } from '../../../../web/src/lib/platform/worker-turns.ts';
import { ADVERSARIAL_CHARS, repeatTo } from '../../../support/scan-time.ts';
import { loadCorpus, type CorpusMessage } from '../../../support/corpus.ts';

const FALLBACK = Date.UTC(2025, 5, 1);
let corpus: CorpusMessage[];

beforeAll(async () => {
  corpus = await loadCorpus();
});

function sample(name: string): Uint8Array {
  const found = corpus.find((m) => m.name === name);
  if (!found) throw new Error(`corpus has no ${name}`);
  return found.bytes;
}

const encode = (text: string) => new TextEncoder().encode(text);
/** Corpus fixtures built to have giant header blocks (136 and 210 KB): past the 64 KiB postal-mime reads, they get the fallback's metadata. */
const GIANT_HEADER_FIXTURES = ['flanker/tests/fixtures/messages/long-header.eml', 'mimekit/UnitTests/TestData/messages/stack-overflow.txt'];

describe('extractMetadata', () => {
  it('reads every corpus message into storable metadata with the subject postal-mime decodes', async () => {
    const mismatched: string[] = [];
    const giantHeaders: string[] = [];
    for (const { name, bytes } of corpus) {
      const meta = await extractMetadata(bytes, { fallbackDate: FALLBACK });
      expect(Number.isFinite(meta.date), name).toBe(true);
      expect(meta.snippet.length, name).toBeLessThanOrEqual(160);
      expect(meta.snippet, name).not.toMatch(/\s{2}/);
      const parsed = await PostalMime.parse(bytes).catch(() => null);
      if (parsed !== null && meta.metadataIssue === 'SYNC_ERR_MESSAGE_UNREADABLE') giantHeaders.push(name);
      else if (parsed !== null && (parsed.subject ?? '') !== meta.subject) mismatched.push(name);
    }
    expect(corpus.length).toBeGreaterThan(500);
    expect(mismatched).toEqual([]);
    expect(giantHeaders).toEqual(GIANT_HEADER_FIXTURES);
    // Two parses of ~560 messages: a few seconds alone, more on a busy machine.
  }, 30_000);

  it('takes sender, recipients and date from the headers', async () => {
    const meta = await extractMetadata(sample('enmime/testdata/mail/html-only-inline.raw'), { fallbackDate: FALLBACK });
    expect(meta.from).toEqual({ name: 'James Hillyerd', address: 'james@makita.skynet' });
    expect(meta.to).toEqual([{ name: '', address: 'greg@nobody.com' }]);
    expect(meta.subject).toBe('MIME test 1');
    expect(meta.date).toBe(Date.parse('Sat, 13 Oct 2012 15:33:07 -0700'));
  });

  it('strips the tags from an HTML-only message for the snippet and lists its inline image', async () => {
    const meta = await extractMetadata(sample('enmime/testdata/mail/html-only-inline.raw'), { fallbackDate: FALLBACK });
    expect(meta.snippet).toBe('Test of HTML section');
    expect(meta.attachments).toEqual([expect.objectContaining({ filename: 'favicon.png', mimeType: 'image/png', contentId: '<8B8481A2-25CA-4886-9B5A-8EB9115DD064@skynet>' })]);
    expect(meta.attachments[0]!.size).toBeGreaterThan(100);
  });

  it('decodes an RFC 2047 Japanese subject', async () => {
    const meta = await extractMetadata(sample('ruby-mail/spec/fixtures/emails/multi_charset/japanese_iso_2022.eml'), { fallbackDate: FALLBACK });
    expect(meta.subject).toBe('まみむめも');
  });

  it('collapses whitespace and cuts the snippet near 160 characters', async () => {
    const body = 'word   \r\n\tword '.repeat(100);
    const meta = await extractMetadata(encode(`Subject: long\r\n\r\n${body}`), { fallbackDate: FALLBACK });
    expect(meta.snippet.length).toBe(160);
    expect(meta.snippet.startsWith('word word word')).toBe(true);
    expect(meta.snippet.endsWith('…')).toBe(true);
  });

  it('uses the fallback date when the Date header is missing or unreadable', async () => {
    const meta = await extractMetadata(encode('Subject: x\r\nDate: yesterday-ish\r\n\r\nhi'), { fallbackDate: FALLBACK });
    expect(meta.date).toBe(FALLBACK);
  });

  it('flattens an address group into its members', async () => {
    const meta = await extractMetadata(encode('To: friends: a@example.org, B <b@example.org>;\r\n\r\nhi'), { fallbackDate: FALLBACK });
    expect(meta.to).toEqual([{ name: '', address: 'a@example.org' }, { name: 'B', address: 'b@example.org' }]);
    expect(meta.from).toBeNull();
  });

  it('reads headers only, as TOP n 0 returns them, with an empty snippet', async () => {
    const meta = await extractMetadata(encode('From: a@example.org\r\nSubject: only headers\r\n\r\n'), { fallbackDate: FALLBACK });
    expect(meta).toMatchObject({ subject: 'only headers', snippet: '', attachments: [] });
  });
});

/** Multipart, so the one-part fast path leaves it to postal-mime, around a text of `lines` bare LFs (~20 µs each in postal-mime). */
function slowToParse(lines = ADVERSARIAL_CHARS): Uint8Array {
  return encode(`From: a@example.org\r\nSubject: many lines\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${'\n'.repeat(lines)}--b\r\nContent-Type: application/x\r\n\r\nx\r\n--b--\r\n`);
}

/** slowToParse's message forwarded inline, in base64: postal-mime parses it with a nested parser of its own. */
function slowToParseNested(lines = 500_000): Uint8Array {
  const inner = Buffer.from(slowToParse(lines)).toString('base64').replace(/.{76}/g, '$&\r\n');
  return encode(`From: a@example.org\r\nSubject: forwarded\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n--o\r\nContent-Type: text/plain\r\n\r\nsee below\r\n--o\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n${inner}\r\n--o--\r\n`);
}

/** Message shapes whose text once cost the square of its length, or ~20 µs a line. */
const HOSTILE_MESSAGES: Array<(run: string) => string> = [
  (run) => `From: a@example.org\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${run}\r\n`,
  (run) => `From: a@example.org\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(run).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`,
  (run) => `From: a@example.org\r\nContent-Type: text/html; charset=x-unknown\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${run}\r\n`,
  (run) => `From: ${run}\r\nSubject: x\r\n\r\nhi\r\n`,
  (run) => `To: ${run}\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nhi\r\n--b--\r\n`,
  (run) => `Subject: ${run}\r\nContent-Type: text/plain; format=flowed\r\n\r\nhi\r\n`,
  (run) => `Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${run.replace(/(.{40})/g, '$1\n')}\r\n--b--\r\n`,
];
const HOSTILE_RUNS = ['<', '<!--', '<style>', 'a:"', ':', '=?', '=?utf-8?q?', '"', '(', ',', ' ', '\n', '--', 'a'];

describe('reading a message within its budget', () => {
  it('stops reading a slow message at its budget, keeps what its header gives and records why', async () => {
    const started = performance.now();
    const meta = await extractMetadata(slowToParse(), { fallbackDate: FALLBACK, budget: new MessageWorkBudget(0, { baseMs: 200, perMiBMs: 0 }) });
    // postal-mime alone takes ~20 s on this message in Node.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(meta).toMatchObject({ subject: 'many lines', from: { address: 'a@example.org' }, metadataIssue: 'SYNC_ERR_MESSAGE_BUDGET' });
  });

  it('holds a message forwarded inside another to the same budget', async () => {
    const started = performance.now();
    const meta = await extractMetadata(slowToParseNested(), { fallbackDate: FALLBACK, budget: new MessageWorkBudget(0, { baseMs: 200, perMiBMs: 0 }) });
    // The nested parser, out of the budget's reach, took 10.6 s on this message in Node.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(meta).toMatchObject({ subject: 'forwarded', metadataIssue: 'SYNC_ERR_MESSAGE_BUDGET' });
    // A short forwarded message still reads whole, text and all.
    const short = await extractMetadata(slowToParseNested(3), { fallbackDate: FALLBACK });
    expect(short.metadataIssue).toBeUndefined();
    expect(short.snippet).toContain('many lines');
  });

  it('lets the rest of the Worker run while it reads a slow message', async () => {
    let longestGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 1);
    try {
      await extractMetadata(slowToParse(), { fallbackDate: FALLBACK });
    } finally {
      clearInterval(ticker);
    }
    // Without turns, postal-mime's line loop alone held the thread for ~1 s here.
    expect(longestGap).toBeLessThan(TURN_MS + 500);
  });

  it('records a message postal-mime refuses, here for headers past 64 KiB, and reads it in linear time', async () => {
    const started = performance.now();
    const meta = await extractMetadata(encode(`Subject: big\r\nTo: ${repeatTo('a:"')}\r\n\r\nhi`), { fallbackDate: FALLBACK });
    // postal-mime read up to 2 MiB of headers: its address parser took 5.7 s on 1 MB of this.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(meta).toMatchObject({ subject: 'big', metadataIssue: 'SYNC_ERR_MESSAGE_UNREADABLE' });
  });

  it('reads any 1 MB hostile message, as the sync does (fast path, else postal-mime), within its budget', async () => {
    const budgetMs = MESSAGE_BUDGET.baseMs + MESSAGE_BUDGET.perMiBMs;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HOSTILE_MESSAGES), fc.constantFrom(...HOSTILE_RUNS), async (shape, unit) => {
        const raw = encode(shape(repeatTo(unit)));
        const started = performance.now();
        const meta = quickMetadata(raw, FALLBACK) ?? (await extractMetadata(raw, { fallbackDate: FALLBACK }));
        // The budget counts the message's own time, so load on the machine does not make it
        // fail; the slack is for the steps it does not interrupt (the fast path, one line).
        expect(performance.now() - started).toBeLessThan(budgetMs + 2000);
        expect(Number.isFinite(meta.date)).toBe(true);
      }),
      { numRuns: 25, endOnFailure: true },
    );
  }, 120_000);
});
