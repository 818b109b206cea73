import { describe, expect, it } from 'vitest';
import { fallbackMetadata } from '../../../../web/src/lib/message/fallback-metadata.ts';

const FALLBACK = Date.UTC(2025, 5, 1);

describe('fallbackMetadata (for a message postal-mime refused)', () => {
  it('reads unfolded Subject, From and Date from the raw header block', () => {
    const raw = new TextEncoder().encode('From: Ada <ada@example.org>\r\nSubject: a long\r\n  folded subject\r\nDate: Tue, 1 Jul 2025 10:00:00 +0000\r\n\r\nSubject: not a header\r\n');
    expect(fallbackMetadata(raw, FALLBACK)).toMatchObject({
      from: { name: '', address: 'Ada <ada@example.org>' },
      subject: 'a long folded subject',
      date: Date.UTC(2025, 6, 1, 10),
    });
  });

  it('decodes the RFC 2047 words of the subject', () => {
    const raw = new TextEncoder().encode('Subject: =?utf-8?q?Die_hei=C3=9Fe?=\r\n =?utf-8?q?_Sonne?=\r\n\r\n');
    expect(fallbackMetadata(raw, FALLBACK).subject).toBe('Die heiße Sonne');
  });

  it('still returns storable metadata for bytes that are not a message at all', () => {
    const meta = fallbackMetadata(new Uint8Array([0xff, 0xfe, 0x00, 0x0a]), FALLBACK);
    expect(meta).toEqual({ from: null, to: [], cc: [], subject: '', date: FALLBACK, snippet: '', attachments: [], messageId: null, references: [] });
  });
});
