import fc from 'fast-check';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractMetadata, metadataOf } from '../../../../web/src/lib/message/message-metadata.ts';
import { base64DecodedSize } from '../../../../web/src/lib/message/mime-lines.ts';
import { stripAttachmentBodies } from '../../../../web/src/lib/message/strip-attachments.ts';
import { loadCorpus, type CorpusMessage } from '../../../support/corpus.ts';
import { namedReferenceMail } from '../../../support/generated-mail.ts';
import { ADVERSARIAL_CHARS, fastestMs, repeatTo } from '../../../support/scan-time.ts';

const FALLBACK = Date.UTC(2025, 5, 1);
const encode = (text: string) => new TextEncoder().encode(text);
/** Corpus fixtures built to have giant header blocks (136 and 210 KB): past the 64 KiB postal-mime reads, they get the fallback's metadata. */
const GIANT_HEADER_FIXTURES = ['flanker/tests/fixtures/messages/long-header.eml', 'mimekit/UnitTests/TestData/messages/stack-overflow.txt'];

/** What extractMetadata gave before stripping: postal-mime over the whole message. */
async function wholeParse(raw: Uint8Array) {
  return metadataOf(await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' }), FALLBACK);
}

let corpus: CorpusMessage[];
beforeAll(async () => {
  corpus = await loadCorpus();
});

describe('stripAttachmentBodies', () => {
  it('gives the same metadata as postal-mime over the whole message, for every corpus and generated message', async () => {
    const messages = [...corpus.map((m) => ({ name: m.name, bytes: m.bytes })), ...namedReferenceMail()];
    const differing: string[] = [];
    let stripped = 0;
    for (const { name, bytes } of messages) {
      if (stripAttachmentBodies(bytes) !== null) stripped++;
      const fast = await extractMetadata(bytes, { fallbackDate: FALLBACK });
      const whole = await wholeParse(bytes).catch(() => null);
      if (whole === null) continue; // fallback path, unchanged
      if (GIANT_HEADER_FIXTURES.includes(name)) {
        expect(fast.metadataIssue, name).toBe('SYNC_ERR_MESSAGE_UNREADABLE');
        continue;
      }
      if (JSON.stringify(fast.attachments) !== JSON.stringify(whole.attachments) || fast.subject !== whole.subject || fast.snippet !== whole.snippet) differing.push(name);
    }
    expect(differing).toEqual([]);
    expect(stripped).toBeGreaterThan(20);
  }, 120_000);

  it('counts base64 octets as postal-mime decodes them, padding and stray characters included', () => {
    /** Drop what is outside the alphabet, split at '=' runs, decode each unit on its own (a lone 6 bits yield nothing). */
    const decodedLength = (text: string) =>
      text.replace(/[^A-Za-z0-9+/=]/g, '').split(/=+/).reduce((sum, u) => sum + Buffer.from(u.length % 4 === 1 ? u.slice(0, -1) : u, 'base64').byteLength, 0);
    for (const text of ['', 'QQ==', 'QUI=', 'QUJD', 'QUJDRA==\r\nQUJD', 'QU\r\nJD RA=', 'QQ==QQ==', 'QUJDR', '=QUJD', 'QUJD=', '==']) {
      expect(base64DecodedSize(encode(text)), text).toBe(decodedLength(text));
    }
    const char = fc.constantFrom(...'ABCDxyz019+/=\r\n -.\u00e9'.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 120 }), (chars) => {
        const text = chars.join('');
        const bytes = encode(text);
        expect(base64DecodedSize(bytes), JSON.stringify(text)).toBe(decodedLength(text));
        // Also as a view at an odd offset, as parts of a message are.
        const shifted = new Uint8Array(bytes.length + 1);
        shifted.set(bytes, 1);
        expect(base64DecodedSize(shifted.subarray(1)), JSON.stringify(text)).toBe(decodedLength(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves text parts alone and refuses what it cannot read plainly', async () => {
    const payload = Buffer.alloc(6000, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const message = (boundaryParam: string, closing = true) =>
      encode(
        `From: a@example.org\r\nSubject: s\r\nContent-Type: multipart/mixed; ${boundaryParam}\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX\r\nContent-Type: application/octet-stream; name="a.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${payload}\r\n${closing ? '--XX--\r\n' : ''}`,
      );
    const plain = stripAttachmentBodies(message('boundary="XX"'));
    expect(plain).not.toBeNull();
    expect([...plain!.sizes.values()]).toEqual([6000]);
    expect(new TextDecoder().decode(plain!.bytes)).toContain('hello');
    const meta = await extractMetadata(message('boundary="XX"'), { fallbackDate: FALLBACK });
    expect(meta.attachments).toEqual([{ filename: 'a.bin', mimeType: 'application/octet-stream', size: 6000, contentId: null }]);
    expect(meta.snippet).toBe('hello');
    expect(stripAttachmentBodies(message('boundary*="XX"'))).toBeNull();
    expect(stripAttachmentBodies(message('boundary="XX" (comment)'))).toBeNull();
    expect(stripAttachmentBodies(message('boundary="XX"', false))).toBeNull();
  });
});
const ATTACHMENT = 'Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n' + 'QUFBQUFB\r\n'.repeat(1000);

/** `depth` multiparts each inside the last, an attachment, then `--` lines that match none of their boundaries. */
function nestedMultiparts(depth: number, probeLine: string): Uint8Array {
  let text = 'From: a@example.org\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n';
  for (let level = 1; level <= depth; level++) text += `--b${level - 1}\r\nContent-Type: multipart/mixed; boundary=b${level}\r\n\r\n`;
  text += `--b${depth}\r\n${ATTACHMENT}`;
  text += repeatTo(probeLine, Math.max(0, ADVERSARIAL_CHARS - text.length - depth * 12));
  for (let level = depth; level >= 0; level--) text += `--b${level}--\r\n`;
  return encode(text);
}

/** The same size of ordinary structure: one multipart, one attachment, a long text. */
function benignMultipart(): Uint8Array {
  const text = 'From: a@example.org\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n--b0\r\nContent-Type: text/plain\r\n\r\n';
  return encode(text + repeatTo('a line of text\r\n', ADVERSARIAL_CHARS - text.length) + `--b0\r\n${ATTACHMENT}--b0--\r\n`);
}

describe('stripAttachmentBodies on hostile structure', () => {
  it('reads 1 MB of deeply nested multiparts and boundary-like lines in linear time', () => {
    const benignMs = fastestMs(() => stripAttachmentBodies(benignMultipart()));
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1000, max: 12_000 })), fc.constantFrom('--x\r\n', '--\r\n', '--b1x\r\n', '--b\r\n'), (depth, probe) => {
        const raw = nestedMultiparts(depth, probe);
        // Linear: tens of ms. Checking every line against every open boundary took 1.5 s and more.
        expect(fastestMs(() => stripAttachmentBodies(raw), 1)).toBeLessThan(300 + 10 * benignMs);
      }),
      { numRuns: 16, endOnFailure: true },
    );
  });
});
