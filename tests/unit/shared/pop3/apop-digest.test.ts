import { describe, expect, it } from 'vitest';
import { apopDigest } from '../../../../shared/pop3/index.ts';

describe('apopDigest', () => {
  it('computes the digest of the RFC 1939 §7 example', () => {
    expect(apopDigest('<1896.697170952@dbc.mtview.ca.us>', 'tanstaaf')).toBe('c4c9334bac560ecc979e58001b3e22fb');
  });
});
