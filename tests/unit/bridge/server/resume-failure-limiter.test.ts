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

  it('counts every address of one IPv6 /64 together', () => {
    const limiter = new ResumeFailureLimiter(2, () => 0);
    limiter.recordFailure('2001:db8:1:2::1');
    limiter.recordFailure('2001:db8:1:2::2');
    expect(limiter.allows('2001:db8:1:2::3')).toBe(false);
    expect(limiter.allows('2001:db8:1:3::1')).toBe(true);
  });

  it('tracks at most its cap of addresses during a scan from many, in time linear in the scan', () => {
    const limiter = new ResumeFailureLimiter(10, () => 0, 10_000);
    const started = performance.now();
    for (let i = 0; i < 40_000; i++) limiter.recordFailure(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    const elapsed = performance.now() - started;
    expect(limiter.tracked).toBe(10_000);
    // A sweep of the whole map on every new address above 10,000 took 15 s here; this takes ~0.1 s.
    expect(elapsed).toBeLessThan(3000);
  });
});
