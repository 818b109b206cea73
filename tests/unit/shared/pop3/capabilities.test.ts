import { describe, expect, it } from 'vitest';
import { parseCapabilities } from '../../../../shared/pop3/index.ts';

describe('parseCapabilities', () => {
  it('reads the RFC 2449 §5 example', () => {
    const caps = parseCapabilities(['TOP', 'USER', 'SASL CRAM-MD5 KERBEROS_V4', 'RESP-CODES', 'LOGIN-DELAY 900', 'PIPELINING', 'EXPIRE 60', 'UIDL', 'IMPLEMENTATION Shlemazle-Plotz-v302']);
    expect(caps).toMatchObject({
      top: true, user: true, respCodes: true, pipelining: true, uidl: true, stls: false, utf8: false,
      sasl: ['CRAM-MD5', 'KERBEROS_V4'],
      loginDelay: { seconds: 900, perUser: false },
      expire: { days: 60, perUser: false },
      implementation: 'Shlemazle-Plotz-v302',
    });
  });

  it('matches tags case-insensitively and ignores unknown ones', () => {
    const caps = parseCapabilities(['stls', 'Pipelining', 'X-FANCY 1', 'utf8 USER', 'sasl plain']);
    expect(caps).toMatchObject({ stls: true, pipelining: true, utf8: true, sasl: ['PLAIN'] });
    expect(caps.raw).toEqual(['stls', 'Pipelining', 'X-FANCY 1', 'utf8 USER', 'sasl plain']);
  });

  it('reads the USER suffix of EXPIRE and LOGIN-DELAY (RFC 2449 §6.7, §6.8)', () => {
    expect(parseCapabilities(['EXPIRE NEVER USER', 'LOGIN-DELAY 0 USER'])).toMatchObject({
      expire: { days: 'NEVER', perUser: true },
      loginDelay: { seconds: 0, perUser: true },
    });
  });

  it('ignores malformed EXPIRE and LOGIN-DELAY values', () => {
    expect(parseCapabilities(['EXPIRE soon', 'LOGIN-DELAY -1'])).toMatchObject({ expire: null, loginDelay: null });
  });
});
