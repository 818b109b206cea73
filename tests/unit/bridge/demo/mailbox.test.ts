import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoMailbox, type DemoMessage } from '../../../../bridge/demo/index.ts';

/** The shipped sample messages, parsed the way the web app will parse them. */
let messages: readonly DemoMessage[];
const parsed = new Map<string, Awaited<ReturnType<typeof PostalMime.parse>>>();

beforeAll(async () => {
  messages = await loadDemoMailbox();
  for (const message of messages) parsed.set(message.uidl, await PostalMime.parse(message.octets));
});

function email(uidl: string) {
  const found = parsed.get(uidl);
  if (found === undefined) throw new Error(`no sample ${uidl}`);
  return found;
}

describe('the shipped demo mailbox', () => {
  it('holds about thirty messages under 500 KB in total', () => {
    expect(messages.length).toBeGreaterThanOrEqual(28);
    expect(messages.reduce((sum, m) => sum + m.octets.length, 0)).toBeLessThan(500 * 1024);
  });

  it('has a From, Subject, Date and Message-ID on every message, with distinct dates', () => {
    for (const [uidl, mail] of parsed) {
      expect(mail.from?.address, uidl).toMatch(/@/);
      expect(mail.subject, uidl).toBeTruthy();
      expect(mail.messageId, uidl).toMatch(/^<.+@.+>$/);
      expect(Number.isNaN(Date.parse(mail.date ?? '')), uidl).toBe(false);
    }
    expect(new Set([...parsed.values()].map((m) => m.date)).size).toBe(parsed.size);
  });

  it('keeps header lines 7-bit and within 998 octets (RFC 5322 §2.1.1)', () => {
    for (const { uidl, octets } of messages) {
      const text = octets.toString('latin1');
      const header = text.slice(0, text.indexOf('\r\n\r\n'));
      expect(/^[\x00-\x7f]*$/.test(header), uidl).toBe(true);
      for (const line of text.split('\r\n')) expect(line.length, uidl).toBeLessThanOrEqual(998);
    }
  });

  it('decodes German ISO-8859-1 quoted-printable', () => {
    const mail = email('03-german-latin1');
    expect(mail.subject).toBe('Grüße aus dem ICE nach München');
    expect(mail.text).toContain('Größere Anhänge');
  });

  it('decodes Russian in KOI8-R and in UTF-8 base64 encoded-words', () => {
    expect(email('04-russian-koi8r').subject).toBe('Почта без интернета');
    expect(email('04-russian-koi8r').text).toContain('без интернета');
    expect(email('05-russian-utf8').subject).toBe('Отчёт о синхронизации: всё дошло');
  });

  it('decodes Japanese ISO-2022-JP, Greek ISO-8859-7, Polish ISO-8859-2 and Arabic UTF-8', () => {
    expect(email('06-japanese-iso2022jp').subject).toBe('オフラインでメールを読む');
    expect(email('06-japanese-iso2022jp').text).toContain('新幹線の中で');
    expect(email('07-greek-iso8859-7').text).toContain('Γεια σου!');
    expect(email('21-polish-iso8859-2').text).toContain('Zażółć gęślą jaźń');
    expect(email('08-arabic-html').html).toContain('dir="rtl"');
  });

  it('carries emoji in the subject and an 8-bit body', () => {
    expect(email('09-emoji-utf8').subject).toContain('🎒');
    expect(email('09-emoji-utf8').text).toContain('📚');
  });

  it('has inline cid: images that are valid PNGs', () => {
    const mail = email('10-trip-photos-inline');
    expect(mail.html).toContain('cid:sunset@demo.satchel.example');
    const images = mail.attachments.filter((a) => a.contentId !== undefined);
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image.mimeType).toBe('image/png');
      expect(Buffer.from(image.content as ArrayBuffer).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    }
  });

  it('attaches a PDF, a text file and a CSV', () => {
    const pdf = email('11-receipt-pdf').attachments[0];
    expect(pdf?.mimeType).toBe('application/pdf');
    const pdfText = Buffer.from(pdf?.content as ArrayBuffer).toString('latin1');
    expect(pdfText.startsWith('%PDF-1.4')).toBe(true);
    // ISO 32000-1 §7.5.5: startxref points at the xref table.
    const startxref = Number(/startxref\n(\d+)/.exec(pdfText)?.[1]);
    expect(pdfText.slice(startxref, startxref + 4)).toBe('xref');
    expect(email('12-packing-list-txt').attachments[0]?.filename).toBe('packing-list.txt');
    expect(email('13-sync-stats-csv').attachments[0]?.mimeType).toBe('text/csv');
  });

  it('has a newsletter with a remote image and a message with script and event handlers', () => {
    expect(email('15-newsletter-remote-image').html).toMatch(/<img src="https:\/\//);
    const hostile = email('16-script-must-not-run').html ?? '';
    expect(hostile).toContain('<script>');
    expect(hostile).toMatch(/onload=/);
    expect(hostile).toMatch(/onerror=/);
  });

  it('has a body line that is a single dot, which the server must stuff', () => {
    expect(email('14-dotfiles-leading-dot').text).toMatch(/\n\.\n/);
  });
});

describe('make-mailbox', () => {
  it('reproduces the committed .eml files byte for byte', async () => {
    const { SAMPLE_MESSAGES } = await import('../../../../bridge/demo/sample-messages.ts');
    const { renderMessage } = await import('../../../../bridge/demo/mime-builder.ts');
    const { normaliseLineEndings } = await import('../../../../bridge/demo/mailbox-loader.ts');
    expect(SAMPLE_MESSAGES.map((m) => m.name)).toEqual(messages.map((m) => m.uidl));
    SAMPLE_MESSAGES.forEach((sample, i) => {
      const rendered = normaliseLineEndings(Buffer.from(renderMessage(sample.envelope, sample.body, i + 1), 'latin1'));
      expect(rendered.equals(messages[i]?.octets ?? Buffer.alloc(0)), sample.name).toBe(true);
    });
  });
});
