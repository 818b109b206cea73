import { describe, expect, it } from 'vitest';
import { ResumeFailureLimiter } from '../../../../bridge/server/index.ts';

describe('ResumeFailureLimiter', () => {
  it('refuses an IP once it reached its failures in the window, and only that IP', () => {
    let now = 0;
    const limiter = new ResumeFailureLimiter(3, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.allows('198.51.100.7')).toBe(true);
      limiter.recordFailure('198.51.100.7');
    }
    expect(limiter.allows('198.51.100.7')).toBe(false);
    expect(limiter.allows('203.0.113.9')).toBe(true);
    now = 59_999;
    expect(limiter.allows('198.51.100.7')).toBe(false);
  });

  it('lets the IP try again once the minute is over', () => {
    let now = 1_000;
    const limiter = new ResumeFailureLimiter(1, () => now);
    limiter.recordFailure('2001:db8::1');
    expect(limiter.allows('2001:db8::1')).toBe(false);
    now += 60_000;
    expect(limiter.allows('2001:db8::1')).toBe(true);
  });
});
