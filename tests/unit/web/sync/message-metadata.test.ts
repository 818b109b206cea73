import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractMetadata } from '../../../../web/src/lib/sync/message-metadata.ts';
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

describe('extractMetadata', () => {
  it('reads every corpus message into storable metadata with the subject postal-mime decodes', async () => {
    const mismatched: string[] = [];
    for (const { name, bytes } of corpus) {
      const meta = await extractMetadata(bytes, { fallbackDate: FALLBACK });
      expect(Number.isFinite(meta.date), name).toBe(true);
      expect(meta.snippet.length, name).toBeLessThanOrEqual(160);
      expect(meta.snippet, name).not.toMatch(/\s{2}/);
      const parsed = await PostalMime.parse(bytes).catch(() => null);
      if (parsed !== null && (parsed.subject ?? '') !== meta.subject) mismatched.push(name);
    }
    expect(corpus.length).toBeGreaterThan(500);
    expect(mismatched).toEqual([]);
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
