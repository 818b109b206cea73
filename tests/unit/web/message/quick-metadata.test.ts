import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { quickMetadata } from '../../../../web/src/lib/message/quick-metadata.ts';
import { extractMetadata, metadataOf } from '../../../../web/src/lib/message/message-metadata.ts';
import { loadCorpus, type CorpusMessage } from '../../../support/corpus.ts';
import { namedReferenceMail } from '../../../support/generated-mail.ts';
import { topAnswer } from '../../../support/top-answer.ts';

const FALLBACK = Date.UTC(2025, 5, 1);
let corpus: CorpusMessage[];

beforeAll(async () => {
  corpus = await loadCorpus();
});

const encode = (text: string) => new TextEncoder().encode(text);

/** postal-mime over the whole message, mapped as extractMetadata maps it (no stripping, no fast path). */
async function wholeParse(raw: Uint8Array) {
  return metadataOf(await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' }), FALLBACK);
}

describe('quickMetadata', () => {
  it('reads every corpus and generated TOP answer it takes on exactly as postal-mime does: sender, recipients, subject, date and snippet', async () => {
    const generated = namedReferenceMail();
    const differing: string[] = [];
    let taken = 0;
    for (const { name, bytes } of [...corpus, ...generated]) {
      for (const lines of [0, 8, 40]) {
        const head = topAnswer(bytes, lines);
        const quick = quickMetadata(head, FALLBACK);
        if (quick === null) continue;
        taken++;
        const full = await extractMetadata(head, { fallbackDate: FALLBACK });
        if (JSON.stringify(quick) !== JSON.stringify(full)) differing.push(`${name} (TOP ${lines})`);
      }
    }
    expect(differing).toEqual([]);
    expect(taken).toBeGreaterThan(1000);
  }, 60_000);

  it('reads every whole corpus and generated message it takes on exactly as postal-mime does, attachments included', async () => {
    const generated = namedReferenceMail();
    const differing: string[] = [];
    let taken = 0;
    let withAttachments = 0;
    for (const { name, bytes } of [...corpus, ...generated]) {
      const quick = quickMetadata(bytes, FALLBACK);
      if (quick === null) continue;
      taken++;
      if (quick.attachments.length > 0) withAttachments++;
      const full = await wholeParse(bytes);
      if (JSON.stringify(quick) !== JSON.stringify(full)) differing.push(name);
    }
    expect(differing).toEqual([]);
    expect(taken).toBeGreaterThan(400);
    expect(withAttachments).toBeGreaterThan(40);
  }, 60_000);

  it('reads a closed multipart with one text part, and leaves a text part named as a file or with a disposition to postal-mime', async () => {
    const single = encode('Subject: a\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\none\r\n--x--\r\n');
    expect(quickMetadata(single, FALLBACK)).toEqual(await wholeParse(single));
    expect(quickMetadata(single, FALLBACK)?.snippet).toBe('one');
    expect(quickMetadata(encode('Subject: a\r\nContent-Type: text/plain; name=notes.txt\r\n\r\nhi\r\n'), FALLBACK)).toBeNull();
    expect(quickMetadata(encode('Subject: a\r\nContent-Disposition: attachment\r\n\r\nhi\r\n'), FALLBACK)).toBeNull();
  });

  it('lists base64 attachments after the text part with their decoded sizes, names and content ids, as postal-mime does', async () => {
    const payload = Buffer.alloc(5000, 9).toString('base64').replace(/.{76}/g, '$&\r\n');
    const message = encode(
      'From: a@example.org\r\nSubject: files\r\nContent-Type: multipart/mixed; boundary="=_b"\r\n\r\npreamble\r\n--=_b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attached\r\n' +
        `--=_b\r\nContent-Type: application/pdf; name="ignored.pdf"\r\nContent-Disposition: attachment;\r\n filename="=?UTF-8?Q?r=C3=A9sum=C3=A9?=.pdf"\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <c1@x>\r\n\r\n${payload}\r\n` +
        `--=_b\r\nContent-Type: image/PNG; name=dot.png\r\nContent-Disposition: ATTACHMENT\r\nContent-Transfer-Encoding: Base64\r\n\r\niVBORw0KGgo=\r\n--=_b--\r\nepilogue\r\n`,
    );
    const meta = quickMetadata(message, FALLBACK);
    expect(meta).toEqual(await wholeParse(message));
    expect(meta?.attachments).toEqual([
      { filename: 'résumé.pdf', mimeType: 'application/pdf', size: 5000, contentId: '<c1@x>' },
      { filename: 'dot.png', mimeType: 'image/png', size: 8, contentId: null },
    ]);
    expect(meta?.snippet).toBe('see attached');
  });

  it('leaves a second text part, an RFC 2231 name, a calendar, a repeated content header, an attachment in a nested part and flowed text to postal-mime', () => {
    const mixed = (parts: string) => encode(`Subject: a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n${parts}--b--\r\n`);
    const attachment = (headers: string) => `--b\r\n${headers}\r\n\r\nQUJD\r\n`;
    const plain = 'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=a.bin\r\nContent-Transfer-Encoding: base64';
    expect(quickMetadata(mixed(attachment(plain)), FALLBACK)?.attachments).toHaveLength(1);
    expect(quickMetadata(mixed('--b\r\nContent-Type: text/plain\r\n\r\nsecond\r\n'), FALLBACK)).toBeNull();
    expect(quickMetadata(mixed(attachment(plain.replace('filename=a.bin', "filename*=utf-8''a.bin"))), FALLBACK)).toBeNull();
    expect(quickMetadata(mixed(attachment(plain.replace('application/octet-stream', 'text/calendar'))), FALLBACK)).toBeNull();
    expect(quickMetadata(mixed(attachment(`${plain}\r\nContent-Type: image/png`)), FALLBACK)).toBeNull();
    expect(quickMetadata(mixed(attachment(plain.replace('base64', 'quoted-printable'))), FALLBACK)).toBeNull();
    expect(quickMetadata(mixed(attachment(plain.replace('attachment; ', 'inline; '))), FALLBACK)).toBeNull();
    const nested = encode(`Subject: a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\nContent-Type: text/plain\r\n\r\nhi\r\n--c--\r\n${attachment(plain)}--b--\r\n`);
    expect(quickMetadata(nested, FALLBACK)).toBeNull();
    expect(quickMetadata(encode('Subject: a\r\nContent-Type: text/plain; format=flowed\r\n\r\nsoft \r\nbreak\r\n'), FALLBACK)).toBeNull();
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
