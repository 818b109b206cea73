import { describe, expect, it } from 'vitest';
import { chooseMechanism, saslMechanism } from '../../../../shared/pop3/login-mechanism.ts';
import { parseCapabilities } from '../../../../shared/pop3/index.ts';

const withPlain = parseCapabilities(['SASL PLAIN LOGIN']);
const withoutSasl = parseCapabilities(['USER']);

describe('chooseMechanism', () => {
  it('picks PLAIN for auto when the server offers it, else USER', () => {
    expect(chooseMechanism('auto', withPlain, null)).toBe('PLAIN');
    expect(chooseMechanism('auto', withoutSasl, null)).toBe('USER');
    expect(chooseMechanism('auto', null, null)).toBe('USER');
  });

  it('refuses APOP when the greeting had no timestamp', () => {
    expect(() => chooseMechanism('APOP', null, null)).toThrow(expect.objectContaining({ code: 'POP3_ERR_MECHANISM_UNAVAILABLE' }));
    expect(chooseMechanism('APOP', null, '<1.2@host>')).toBe('APOP');
  });

  it('refuses a SASL mechanism the server is known not to offer, and trusts the caller without capabilities', () => {
    expect(() => chooseMechanism('XOAUTH2', withPlain, null)).toThrow(expect.objectContaining({ code: 'POP3_ERR_MECHANISM_UNAVAILABLE' }));
    expect(chooseMechanism('XOAUTH2', null, null)).toBe('XOAUTH2');
  });
});

describe('saslMechanism', () => {
  it('builds the named mechanism', () => {
    expect(saslMechanism('SCRAM-SHA-256', 'user', 'pencil').name).toBe('SCRAM-SHA-256');
    expect(saslMechanism('PLAIN', 'user', 'pencil').name).toBe('PLAIN');
  });
});
