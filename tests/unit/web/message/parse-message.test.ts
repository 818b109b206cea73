import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../../../web/src/lib/message/parse-message.ts';

const demo = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../../bridge/demo/mailbox/${name}`, import.meta.url)));

describe('parseMessage', () => {
  it('turns inline cid images into data: URLs and leaves them out of the attachment list', async () => {
    const parsed = await parseMessage(demo('10-trip-photos-inline.eml'));
    expect([...parsed.cidUrls.keys()].sort()).toEqual(['route-map@demo.satchel.example', 'sunset@demo.satchel.example']);
    for (const url of parsed.cidUrls.values()) expect(url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect(parsed.attachments.map((a) => a.filename)).not.toContain('sunset.png');
    expect(parsed.html).toContain('cid:sunset@demo.satchel.example');
  });

  it('lists a real attachment with its name, type and size', async () => {
    const parsed = await parseMessage(demo('11-receipt-pdf.eml'));
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]).toMatchObject({ mimeType: 'application/pdf' });
    expect(parsed.attachments[0]!.filename).toMatch(/\.pdf$/);
    expect(parsed.attachments[0]!.size).toBe(parsed.attachments[0]!.content.byteLength);
    expect(parsed.attachments[0]!.size).toBeGreaterThan(0);
  });

  it('decodes headers in legacy charsets', async () => {
    const koi8 = await parseMessage(demo('04-russian-koi8r.eml'));
    expect(koi8.subject).toMatch(/[А-Яа-я]/);
    const iso2022 = await parseMessage(demo('06-japanese-iso2022jp.eml'));
    expect(iso2022.subject).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('gives addresses, a date and the text body', async () => {
    const parsed = await parseMessage(demo('01-welcome.eml'));
    expect(parsed.from).toHaveLength(1);
    expect(parsed.from[0]!.address).toContain('@');
    expect(parsed.to.length).toBeGreaterThan(0);
    expect(parsed.date).toBeInstanceOf(Date);
    expect(parsed.text ?? parsed.html).toBeTruthy();
  });

  it('gives a null date when the Date header does not parse', async () => {
    const raw = new TextEncoder().encode('From: a@example.org\r\nDate: not a date\r\nSubject: x\r\n\r\nbody\r\n');
    expect((await parseMessage(raw)).date).toBeNull();
  });
});
