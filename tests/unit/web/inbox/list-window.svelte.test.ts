import { describe, expect, it, vi } from 'vitest';
import { ListWindow } from '../../../../web/src/lib/inbox/list-window.svelte.ts';
import type { RowSource } from '../../../../web/src/lib/inbox/row-source.ts';

/** A list of `n` numbered rows that records every range it is asked for. */
function numbers(n: number): RowSource<number> & { reads: Array<[number, number]>; length: number } {
  const source = {
    length: n,
    reads: [] as Array<[number, number]>,
    count: async () => source.length,
    rows: async (start: number, end: number) => {
      source.reads.push([start, end]);
      return Array.from({ length: Math.max(0, Math.min(end, source.length) - start) }, (_, i) => start + i);
    },
  };
  return source;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ListWindow', () => {
  it('knows the whole length from the first refresh and has the first rows with it', async () => {
    const window = new ListWindow(numbers(10_000));
    expect(window.counted).toBe(false);
    await window.refresh();
    expect(window.counted).toBe(true);
    expect(window.total).toBe(10_000);
    expect(window.rowAt(0)).toBe(0);
    expect(window.rowAt(49)).toBe(49);
    expect(window.rowAt(50)).toBeUndefined();
  });

  it('reads only the rows around a far range, not the ones before it', async () => {
    const source = numbers(10_000);
    const window = new ListWindow(source);
    await window.refresh();
    source.reads.length = 0;
    window.show(9_980, 10_000);
    await settle();
    expect(window.rowAt(9_999)).toBe(9_999);
    expect(window.rowAt(9_980)).toBe(9_980);
    expect(source.reads).toEqual([[9_950, 10_000]]);
    expect(window.rowAt(5_000)).toBeUndefined();
  });

  it('keeps memory flat: rows far from view are dropped as the user moves on', async () => {
    const window = new ListWindow(numbers(100_000));
    await window.refresh();
    for (let start = 0; start < 100_000; start += 1_000) {
      window.show(start, start + 30);
      await settle();
    }
    let inMemory = 0;
    for (let i = 0; i < 100_000; i++) if (window.rowAt(i) !== undefined) inMemory++;
    expect(inMemory).toBeLessThanOrEqual(12 * 50);
    expect(window.rowAt(99_000)).toBe(99_000);
  });

  it('shows a new count and the rows in view at once on refresh, and drops what is out of view', async () => {
    const source = numbers(200);
    const window = new ListWindow(source);
    await window.refresh();
    window.show(120, 140);
    await settle();
    source.length = 130;
    await window.refresh();
    expect(window.total).toBe(130);
    expect(window.rowAt(129)).toBe(129);
    expect(window.rowAt(130)).toBeUndefined();
    expect(window.rowAt(0)).toBeUndefined();
  });

  it('recounts without reading the rows in view again when asked, reading only the rows the old end cut off', async () => {
    const source = numbers(60);
    const window = new ListWindow(source);
    await window.refresh();
    window.show(0, 60);
    await settle();
    source.length = 80;
    source.reads.length = 0;
    await window.refresh({ rows: false });
    expect(window.total).toBe(80);
    expect(source.reads).toEqual([[60, 100]]);
    expect(window.rowAt(79)).toBe(79);
  });

  it('folds refreshes asked for while one runs into one more, which sees the latest state', async () => {
    const source = numbers(10);
    const window = new ListWindow(source);
    const first = window.refresh();
    source.length = 20;
    const second = window.refresh();
    const third = window.refresh();
    await Promise.all([first, second, third]);
    expect(window.total).toBe(20);
    expect(source.reads.length).toBe(2);
  });

  it('drops rows read for a source it no longer shows', async () => {
    const slow: RowSource<string> = { count: async () => 1, rows: () => new Promise((resolve) => setTimeout(() => resolve(['old']), 20)) };
    const window = new ListWindow(slow);
    const stale = window.refresh();
    const switched = window.setSource({ count: async () => 1, rows: async () => ['new'] });
    await Promise.all([stale, switched]);
    expect(window.rowAt(0)).toBe('new');
  });

  it('keeps what it shows when the source fails, and finds rows in memory', async () => {
    const source = numbers(100);
    const window = new ListWindow(source);
    await window.refresh();
    source.count = () => Promise.reject(new Error('closed'));
    await window.refresh();
    expect(window.total).toBe(100);
    expect(window.findIndex((n) => n === 42)).toBe(42);
    expect(window.findIndex((n) => n === 99)).toBe(-1);
  });

  it('shows the first rows with the length expected from last time, then the counted length', async () => {
    let counted: (n: number) => void = () => undefined;
    const source: RowSource<number> = { count: () => new Promise((resolve) => (counted = resolve)), rows: async (start, end) => Array.from({ length: end - start }, (_, i) => start + i) };
    const heard: number[] = [];
    const window = new ListWindow(source, { expectedTotal: 9_000, onCount: (n) => heard.push(n) });
    const refreshed = window.refresh();
    await vi.waitFor(() => expect(window.rowAt(0)).toBe(0));
    expect(window.total).toBe(9_000);
    expect(window.counted).toBe(false);
    counted(10_000);
    await refreshed;
    expect(window.total).toBe(10_000);
    expect(window.counted).toBe(true);
    expect(heard).toEqual([10_000]);
  });
});
