import { describe, expect, it } from 'vitest';
import { utf8FromBase64 } from '../../../../../shared/bytes/index.ts';
import { PlainMechanism } from '../../../../../shared/pop3/index.ts';

describe('PlainMechanism', () => {
  it('encodes the RFC 4616 §4 example "\\0tim\\0tanstaaftanstaaf"', () => {
    expect(new PlainMechanism('tim', 'tanstaaftanstaaf').initialResponse()).toBe('AHRpbQB0YW5zdGFhZnRhbnN0YWFm');
  });

  it('includes an authorization identity when given one', () => {
    expect(utf8FromBase64(new PlainMechanism('Kurt', 'xipj3plmq', 'Ursel').initialResponse())).toBe('Ursel\0Kurt\0xipj3plmq');
  });

  it('encodes non-ASCII passwords as UTF-8', () => {
    expect(utf8FromBase64(new PlainMechanism('zoë', 'pässwörd').respond())).toBe('\0zoë\0pässwörd');
  });

  it('refuses NUL inside a field', () => {
    expect(() => new PlainMechanism('a\0b', 'c')).toThrow(TypeError);
  });
});
