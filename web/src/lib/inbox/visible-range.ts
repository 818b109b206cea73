// Which rows of a fixed-row-height list are worth putting in the DOM.

export interface VisibleRange {
  /** First row index to render (inclusive). */
  start: number;
  /** One past the last row index to render. */
  end: number;
}

/**
 * The rows that intersect the viewport, plus `overscan` rows on each side so a fast scroll
 * does not show blank space before the next frame renders.
 */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): VisibleRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const firstVisible = Math.min(count - 1, Math.floor(top / rowHeight));
  const lastVisible = Math.min(count - 1, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) - 1);
  return {
    start: Math.max(0, firstVisible - overscan),
    end: Math.min(count, Math.max(firstVisible, lastVisible) + overscan + 1),
  };
}
