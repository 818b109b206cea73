import { describe, expect, it } from 'vitest';
import { issueResumeToken, resumeTokenMatches } from '../../../../bridge/server/index.ts';
import { isValidResumeToken } from '../../../../shared/tunnel/index.ts';

describe('resume tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => issueResumeToken().token));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(isValidResumeToken(token)).toBe(true);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('are kept only as a digest that does not contain the token', () => {
    const { token, digest } = issueResumeToken();
    expect(digest).toHaveLength(32);
    expect(digest.toString('base64url')).not.toBe(token);
    expect(digest.equals(Buffer.from(token, 'base64url'))).toBe(false);
  });

  it('match only the exact token, whatever length is presented', () => {
    const { token, digest } = issueResumeToken();
    expect(resumeTokenMatches(token, digest)).toBe(true);
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(resumeTokenMatches(flipped, digest)).toBe(false);
    expect(resumeTokenMatches('', digest)).toBe(false);
    expect(resumeTokenMatches(token + token, digest)).toBe(false);
  });
});
