import { describe, expect, it } from 'vitest';
import { visibleRange } from '../../../../web/src/lib/inbox/visible-range.ts';

describe('visibleRange', () => {
  it('renders the rows in the viewport plus overscan below at the top of the list', () => {
    expect(visibleRange(0, 760, 76, 10_000, 5)).toEqual({ start: 0, end: 15 });
  });

  it('renders overscan on both sides in the middle of a long list', () => {
    // Rows 1000–1009 are in view at scrollTop 76,000 with a 760px viewport.
    expect(visibleRange(76_000, 760, 76, 10_000, 5)).toEqual({ start: 995, end: 1015 });
  });

  it('includes a row that is only partly in view', () => {
    expect(visibleRange(38, 76, 76, 100, 0)).toEqual({ start: 0, end: 2 });
  });

  it('stops at the last row when scrolled to the bottom', () => {
    expect(visibleRange(76 * 9_990, 760, 76, 10_000, 5)).toEqual({ start: 9_985, end: 10_000 });
  });

  it('stays within the list when scrollTop is past the end (the list just shrank)', () => {
    const range = visibleRange(1_000_000, 760, 76, 20, 3);
    expect(range.start).toBeGreaterThanOrEqual(0);
    expect(range.end).toBe(20);
    expect(range.start).toBeLessThan(range.end);
  });

  it('renders nothing for an empty list', () => {
    expect(visibleRange(0, 760, 76, 0, 5)).toEqual({ start: 0, end: 0 });
  });

  it('treats negative scrollTop (overscroll bounce) as the top', () => {
    expect(visibleRange(-50, 152, 76, 100, 1)).toEqual({ start: 0, end: 3 });
  });

  it('renders at most the first overscan rows before the viewport has a height', () => {
    expect(visibleRange(0, 0, 76, 100, 4)).toEqual({ start: 0, end: 5 });
  });

  it('keeps the DOM small however long the list is', () => {
    for (const scrollTop of [0, 12_345, 400_000, 759_000]) {
      const { start, end } = visibleRange(scrollTop, 900, 76, 10_000, 8);
      expect(end - start).toBeLessThanOrEqual(Math.ceil(900 / 76) + 1 + 16);
    }
  });
});
