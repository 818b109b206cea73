import { describe, expect, it } from 'vitest';
import { issueResumeToken, resumeTokenMatches } from '../../../../bridge/server/index.ts';
import { isValidResumeToken, resumeRoute } from '../../../../shared/tunnel/index.ts';

describe('resume tokens', () => {
  it('are the bridge id, a dot and 32 random bytes in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => issueResumeToken('bridge-2').token));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(isValidResumeToken(token)).toBe(true);
      expect(resumeRoute(token)).toBe('bridge-2');
      expect(Buffer.from(token.slice('bridge-2.'.length), 'base64url')).toHaveLength(32);
    }
  });

  it('are the 43 characters alone for a browser that does not route its resumes', () => {
    const { token } = issueResumeToken(null);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(resumeRoute(token)).toBeNull();
  });

  it('are kept only as a digest that does not contain the token', () => {
    const { token, digest } = issueResumeToken('b1');
    expect(digest).toHaveLength(32);
    expect(digest.toString('base64url')).not.toBe(token);
    expect(digest.equals(Buffer.from(token, 'base64url'))).toBe(false);
  });

  it('match only the exact token, whatever length is presented', () => {
    const { token, digest } = issueResumeToken('b1');
    expect(resumeTokenMatches(token, digest)).toBe(true);
    const flipped = token.slice(0, -1) + (token.at(-1) === 'A' ? 'B' : 'A');
    expect(resumeTokenMatches(flipped, digest)).toBe(false);
    expect(resumeTokenMatches(token.replace('b1.', 'b2.'), digest)).toBe(false);
    expect(resumeTokenMatches('', digest)).toBe(false);
    expect(resumeTokenMatches(token + token, digest)).toBe(false);
  });
});
