import { describe, expect, it } from 'vitest';
import { utf8FromBase64 } from '../../../../../shared/bytes/index.ts';
import { OAuthBearerMechanism } from '../../../../../shared/pop3/index.ts';

describe('OAuthBearerMechanism', () => {
  it('builds the RFC 7628 §4.1 example message', () => {
    const mechanism = new OAuthBearerMechanism('user@example.com', 'vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==', { host: 'server.example.com', port: 143 });
    expect(utf8FromBase64(mechanism.initialResponse())).toBe(
      'n,a=user@example.com,\x01host=server.example.com\x01port=143\x01auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01',
    );
  });

  it('escapes "," and "=" in the user name (RFC 5801 §4)', () => {
    expect(utf8FromBase64(new OAuthBearerMechanism('a,b=c', 't').initialResponse())).toBe('n,a=a=2Cb=3Dc,\x01auth=Bearer t\x01\x01');
  });

  it('answers an error challenge with a single ^A (RFC 7628 §3.2.3)', () => {
    expect(new OAuthBearerMechanism('u', 't').respond()).toBe('AQ==');
  });
});
