import { describe, expect, it } from 'vitest';
import { formatFullDate, formatListDate } from '../../../../web/src/lib/inbox/format-list-date.ts';

const now = new Date(2026, 10, 27, 15, 0);

describe('formatListDate', () => {
  it('shows only the time for mail from today', () => {
    expect(formatListDate(new Date(2026, 10, 27, 9, 5).getTime(), now, 'en-GB')).toMatch(/^0?9:05$/);
  });

  it('shows day and month for mail from earlier this year', () => {
    expect(formatListDate(new Date(2026, 2, 4, 9, 5).getTime(), now, 'en-GB')).toBe('4 Mar');
  });

  it('adds the year for mail from another year', () => {
    expect(formatListDate(new Date(2024, 2, 4).getTime(), now, 'en-GB')).toBe('4 Mar 2024');
  });

  it('shows nothing for an invalid date rather than "Invalid Date"', () => {
    expect(formatListDate(Number.NaN, now)).toBe('');
    expect(formatFullDate(Number.NaN)).toBe('');
  });
});
