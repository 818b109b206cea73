import { describe, expect, it } from 'vitest';
import { extractMetadata } from '../../../../web/src/lib/message/message-metadata.ts';
import { quickMetadata } from '../../../../web/src/lib/message/quick-metadata.ts';
import { fallbackMetadata } from '../../../../web/src/lib/message/fallback-metadata.ts';
import { threadHeadersOf } from '../../../../web/src/lib/message/thread-headers.ts';

describe('threadHeadersOf', () => {
  it('reads References, then In-Reply-To when References does not end with it', () => {
    expect(threadHeadersOf('<c@x>', '<b@x>', '<a@x>')).toEqual({ messageId: 'c@x', references: ['a@x', 'b@x'] });
    expect(threadHeadersOf('<c@x>', '<b@x> (added)', '<a@x>\r\n <b@x>')).toEqual({ messageId: 'c@x', references: ['a@x', 'b@x'] });
  });

  it('takes a Message-ID written without angle brackets, and none when it is absent', () => {
    expect(threadHeadersOf('c@x', undefined, undefined)).toEqual({ messageId: 'c@x', references: [] });
    expect(threadHeadersOf(undefined, undefined, undefined)).toEqual({ messageId: null, references: [] });
  });

  it('drops a reference to the message itself', () => {
    expect(threadHeadersOf('<c@x>', undefined, '<a@x> <c@x>')).toEqual({ messageId: 'c@x', references: ['a@x'] });
  });

  it('keeps the root and the newest ids of a very long References', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `<${i}@x>`).join(' ');
    const { references } = threadHeadersOf('<me@x>', undefined, ids);
    expect(references).toHaveLength(32);
    expect(references[0]).toBe('0@x');
    expect(references.at(-1)).toBe('499@x');
  });
});

describe('the metadata readers', () => {
  const raw = new TextEncoder().encode('Message-ID: <c@x>\r\nIn-Reply-To: <b@x>\r\nReferences: <a@x>\r\nSubject: Re: hi\r\nContent-Type: text/plain\r\n\r\nbody\r\n');

  it('all give the same thread headers', async () => {
    const expected = { messageId: 'c@x', references: ['a@x', 'b@x'] };
    expect(quickMetadata(raw, 0)).toMatchObject(expected);
    expect(await extractMetadata(raw, { fallbackDate: 0 })).toMatchObject(expected);
    expect(fallbackMetadata(raw, 0)).toMatchObject(expected);
  });
});
