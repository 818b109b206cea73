import { describe, expect, it } from 'vitest';
import { completeMessage, exactMessage, SyncPlanError } from '../../../../shared/sync/index.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('completeMessage', () => {
  it('keeps a message whose size equals LIST unchanged', () => {
    const message = bytes('Subject: a\r\n\r\nbody\r\n');
    expect(completeMessage(message, message.byteLength)).toBe(message);
  });

  it('drops the CRLF a server added to end a message that had no final line break', () => {
    const stored = completeMessage(bytes('Subject: a\r\n\r\nbody\r\n'), 18);
    expect(new TextDecoder().decode(stored)).toBe('Subject: a\r\n\r\nbody');
  });

  it('refuses a message shorter than LIST, as a truncated download', () => {
    const error = (() => {
      try {
        completeMessage(bytes('Subject: a\r\n\r\nbo'), 20);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SyncPlanError);
    expect((error as SyncPlanError).code).toBe('SYNC_ERR_SIZE_MISMATCH');
  });

  it('refuses a message two octets longer than LIST that does not end with CRLF', () => {
    expect(() => completeMessage(bytes('Subject: a\r\n\r\nbodyXY'), 18)).toThrow(SyncPlanError);
  });

  it('refuses a message longer than LIST by anything else', () => {
    expect(() => completeMessage(bytes('Subject: a\r\n\r\nbody\r\n'), 10)).toThrow(/LIST said 10/);
  });
});

describe('exactMessage', () => {
  it('gives the message to store, or null where completeMessage would refuse it', () => {
    const message = bytes('Subject: a\r\n\r\nbody\r\n');
    expect(exactMessage(message, message.byteLength)).toBe(message);
    expect(new TextDecoder().decode(exactMessage(message, 18)!)).toBe('Subject: a\r\n\r\nbody');
    expect(exactMessage(bytes('Subject: a\r\n\r\nbo'), 20)).toBeNull();
    expect(exactMessage(bytes('Subject: a\r\n\r\nbodyXY'), 18)).toBeNull();
  });
});
