import { beforeAll, describe, expect, it } from 'vitest';
import { quickMetadata } from '../../../../web/src/lib/sync/quick-metadata.ts';
import { extractMetadata } from '../../../../web/src/lib/sync/message-metadata.ts';
import { loadCorpus, type CorpusMessage } from '../../../support/corpus.ts';
import { generateMailbox } from '../../../support/generated-mail.ts';

const FALLBACK = Date.UTC(2025, 5, 1);
let corpus: CorpusMessage[];

beforeAll(async () => {
  corpus = await loadCorpus();
});

/** What `TOP n lines` answers: the header block, the blank line, and the first lines of the body. */
function top(bytes: Uint8Array, lines: number): Uint8Array {
  const text = Buffer.from(bytes);
  let at = text.indexOf('\r\n\r\n');
  if (at < 0) return bytes;
  at += 4;
  for (let n = 0; n < lines && at < text.length; n++) {
    const next = text.indexOf('\n', at);
    at = next < 0 ? text.length : next + 1;
  }
  return bytes.subarray(0, at);
}

const encode = (text: string) => new TextEncoder().encode(text);

describe('quickMetadata', () => {
  it('reads every corpus TOP answer it takes on exactly as postal-mime does: sender, recipients, subject, date and snippet', async () => {
    const differing: string[] = [];
    let taken = 0;
    for (const { name, bytes } of corpus) {
      const head = top(bytes, 8);
      const quick = quickMetadata(head, FALLBACK);
      if (quick === null) continue;
      taken++;
      const full = await extractMetadata(head, { fallbackDate: FALLBACK });
      const pick = (m: typeof full) => ({ from: m.from, to: m.to, cc: m.cc, subject: m.subject, date: m.date, snippet: m.snippet });
      if (JSON.stringify(pick(quick)) !== JSON.stringify(pick(full))) differing.push(name);
    }
    expect(differing).toEqual([]);
    expect(taken).toBeGreaterThan(100);
  }, 30_000);

  it('reads every whole corpus and generated message it takes on exactly as postal-mime does, attachments included', async () => {
    const generated = generateMailbox({ count: 300, seed: 4, shape: 'reference' }).map((bytes, i) => ({ name: `generated ${i + 1}`, bytes }));
    const differing: string[] = [];
    let taken = 0;
    for (const { name, bytes } of [...corpus, ...generated]) {
      const quick = quickMetadata(bytes, FALLBACK);
      if (quick === null) continue;
      taken++;
      const full = await extractMetadata(bytes, { fallbackDate: FALLBACK });
      if (JSON.stringify(quick) !== JSON.stringify(full)) differing.push(name);
    }
    expect(differing).toEqual([]);
    expect(taken).toBeGreaterThan(300);
  }, 30_000);

  it('leaves a whole multipart message, and a text part named as a file, to postal-mime', () => {
    expect(quickMetadata(encode('Subject: a\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\none\r\n--x--\r\n'), FALLBACK)).toBeNull();
    expect(quickMetadata(encode('Subject: a\r\nContent-Type: text/plain; name=notes.txt\r\n\r\nhi\r\n'), FALLBACK)).toBeNull();
    expect(quickMetadata(encode('Subject: a\r\nContent-Disposition: attachment\r\n\r\nhi\r\n'), FALLBACK)).toBeNull();
  });

  it('leaves a multipart body whose first part ends within the TOP answer, base64 and 8-bit headers to postal-mime', () => {
    expect(quickMetadata(encode('Subject: a\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\none\r\n--x\r\n\r\ntwo\r\n'), FALLBACK)).toBeNull();
    expect(quickMetadata(encode('Subject: a\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\n'), FALLBACK)).toBeNull();
    expect(quickMetadata(encode('Subject: caf\u00e9\r\n\r\nhi\r\n'), FALLBACK)).toBeNull();
  });

  it('decodes an encoded-word subject, the sender and a plain-text preview', () => {
    const meta = quickMetadata(encode('From: Ada <ada@example.org>\r\nTo: a@example.net, b@example.net\r\nSubject: =?UTF-8?B?Q2Fmw6k=?=\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nHello   there\r\nsecond line\r\n'), FALLBACK);
    expect(meta).toMatchObject({
      from: { name: 'Ada', address: 'ada@example.org' },
      to: [{ name: '', address: 'a@example.net' }, { name: '', address: 'b@example.net' }],
      subject: 'Café',
      date: Date.UTC(2024, 0, 1),
      snippet: 'Hello there second line',
    });
  });

  it('takes the preview from the first text part of a multipart message cut short by TOP', () => {
    const meta = quickMetadata(encode('Subject: parts\r\nContent-Type: multipart/mixed; boundary="b 1"\r\n\r\nThis is a multi-part message in MIME format.\r\n--b 1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nFirst words\r\n'), FALLBACK);
    expect(meta).toMatchObject({ subject: 'parts', snippet: 'First words' });
  });
});
