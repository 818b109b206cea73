import { describe, expect, it } from 'vitest';
import { XOAuth2Mechanism } from '../../../../../shared/pop3/index.ts';

describe('XOAuth2Mechanism', () => {
  it('encodes the example from Google\'s XOAUTH2 documentation', () => {
    expect(new XOAuth2Mechanism('someuser@example.com', 'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg').initialResponse()).toBe(
      'dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==',
    );
  });

  it('answers the JSON error challenge with an empty response', () => {
    expect(new XOAuth2Mechanism('u', 't').respond()).toBe('');
  });
});
