import { describe, expect, it } from 'vitest';
import { formatBytes, formatSince } from '../../../../web/src/lib/feedback/format.ts';

describe('formatBytes', () => {
  it('writes small sizes in bytes and larger ones in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
  });

  it('shows a dash for a size that is not a number', () => {
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('formatSince', () => {
  const now = Date.UTC(2025, 0, 1, 12);
  it('says just now, then minutes, then hours', () => {
    expect(formatSince(now - 10_000, now)).toBe('just now');
    expect(formatSince(now - 60_000, now)).toBe('1 minute ago');
    expect(formatSince(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(formatSince(now - 3 * 3_600_000, now)).toBe('3 hours ago');
  });
});
