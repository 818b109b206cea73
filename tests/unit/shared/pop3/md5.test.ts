import { describe, expect, it } from 'vitest';
import { md5Hex } from '../../../../shared/pop3/index.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('md5', () => {
  // RFC 1321 appendix A.5 test suite.
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    ['abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['12345678901234567890123456789012345678901234567890123456789012345678901234567890', '57edf4a22be3c955ac49da2e2107b67a'],
  ])('hashes %j as in RFC 1321', (input, digest) => {
    expect(md5Hex(utf8(input))).toBe(digest);
  });

  it('hashes inputs around the 56-byte padding boundary like node:crypto', async () => {
    const { createHash } = await import('node:crypto');
    for (let n = 50; n <= 130; n++) {
      const input = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      expect(md5Hex(input), `length ${n}`).toBe(createHash('md5').update(input).digest('hex'));
    }
  });
});
