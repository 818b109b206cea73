import { describe, expect, it } from 'vitest';
import { OrderedWork } from '../../../../../web/src/lib/sync/engine/ordered-work.ts';

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('OrderedWork', () => {
  it('hands results on in the order the work was queued, even when later work finishes first', async () => {
    const out: string[] = [];
    const queue = new OrderedWork<string>({ maxCount: 8, maxBytes: 1_000 }, async (value) => void out.push(value));
    const first = deferred<string>();
    await queue.push(first.promise, 1);
    await queue.push(Promise.resolve('second'), 1);
    first.resolve('first');
    await queue.drain();
    expect(out).toEqual(['first', 'second']);
  });

  it('keeps at most maxCount results waiting, handing on the oldest to make room', async () => {
    const out: number[] = [];
    const queue = new OrderedWork<number>({ maxCount: 2, maxBytes: 1_000 }, async (value) => void out.push(value));
    for (const n of [1, 2, 3]) await queue.push(Promise.resolve(n), 1);
    expect(out).toEqual([1]);
    await queue.drain();
    expect(out).toEqual([1, 2, 3]);
  });

  it('hands on the oldest while the queued bytes exceed maxBytes, and lets one large item through alone', async () => {
    const out: number[] = [];
    const queue = new OrderedWork<number>({ maxCount: 100, maxBytes: 10 }, async (value) => void out.push(value));
    await queue.push(Promise.resolve(1), 6);
    expect(out).toEqual([]);
    await queue.push(Promise.resolve(2), 6);
    expect(out).toEqual([1]);
    await queue.push(Promise.resolve(3), 50);
    expect(out).toEqual([1, 2, 3]);
  });

  it('rejects the drain with a failed item\'s error, in its turn, without an unhandled rejection before', async () => {
    const out: number[] = [];
    const queue = new OrderedWork<number>({ maxCount: 8, maxBytes: 1_000 }, async (value) => void out.push(value));
    await queue.push(Promise.resolve(1), 1);
    await queue.push(Promise.reject(new Error('parse failed')), 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(queue.drain()).rejects.toThrow('parse failed');
    expect(out).toEqual([1]);
  });

  it('hands a result on as soon as it and every one before it are done, without waiting for a bound or a drain', async () => {
    const out: number[] = [];
    const queue = new OrderedWork<number>({ maxCount: 64, maxBytes: 1_000 }, async (value) => void out.push(value));
    const first = deferred<number>();
    await queue.push(first.promise, 1);
    await queue.push(Promise.resolve(2), 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(out, 'the second waits for the first').toEqual([]);
    first.resolve(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(out).toEqual([1, 2]);
  });

  it('makes the next push throw once a hand-on failed, so the caller stops at once', async () => {
    const queue = new OrderedWork<number>({ maxCount: 64, maxBytes: 1_000 }, async () => {
      throw new Error('storage full');
    });
    await queue.push(Promise.resolve(1), 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(queue.push(Promise.resolve(2), 1)).rejects.toThrow('storage full');
    await expect(queue.drain()).rejects.toThrow('storage full');
  });
});
