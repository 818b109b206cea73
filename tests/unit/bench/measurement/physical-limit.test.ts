import { describe, expect, it } from 'vitest';
import { midMessageCutOffset, physicalLimitSeconds, UNAVOIDABLE_ROUND_TRIPS } from '../../../bench/measurement/physical-limit.ts';

describe('physicalLimitSeconds', () => {
  it('is undefined on loopback, where neither bandwidth nor delay bounds anything', () => {
    expect(physicalLimitSeconds({ rawDownBytes: 1e8, rttMs: 0, bandwidthBitsPerSecond: Infinity })).toBeNull();
  });

  it('is only the unavoidable round trips on an unlimited link (0.50 s at 100 ms RTT)', () => {
    expect(physicalLimitSeconds({ rawDownBytes: 1e8, rttMs: 100, bandwidthBitsPerSecond: Infinity })).toBeCloseTo(0.5);
    expect(UNAVOIDABLE_ROUND_TRIPS).toBe(5);
  });

  it('adds the raw bytes at the link rate', () => {
    // 16.4 MB at 8 Mbit/s = 16.4 s, plus 5 × 100 ms.
    expect(physicalLimitSeconds({ rawDownBytes: 16.4e6, rttMs: 100, bandwidthBitsPerSecond: 8e6 })).toBeCloseTo(16.9);
  });
});

describe('midMessageCutOffset', () => {
  it('picks the middle of the first message large enough past the fraction', () => {
    const sizes = [100, 5000, 100, 100, 4000, 100];
    // Total 9400; half is 4700, reached before message 5 (at 5300 bytes).
    expect(midMessageCutOffset(sizes, 0.5, 1000)).toEqual({ msg: 5, offset: 5300 + 2000 });
  });

  it('throws when no such message exists', () => {
    expect(() => midMessageCutOffset([100, 100], 0.5, 1000)).toThrow(/no message/);
  });
});
