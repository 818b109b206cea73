import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { containErrors } from '../../../../bridge/server/contain-errors.ts';

describe('containErrors', () => {
  it('hands a throw inside a listener to onError instead of to the emitter', () => {
    const emitter = new EventEmitter();
    const caught: unknown[] = [];
    emitter.on('data', containErrors((error) => caught.push(error), () => {
      throw new Error('a bug');
    }));
    expect(() => emitter.emit('data', 'x')).not.toThrow();
    expect(caught).toHaveLength(1);
    expect((caught[0] as Error).message).toBe('a bug');
  });

  it('passes the arguments through and reports nothing when the handler returns', () => {
    const seen: unknown[] = [];
    const handler = containErrors(() => seen.push('error'), (a: number, b: string) => seen.push(a, b));
    handler(1, 'b');
    expect(seen).toEqual([1, 'b']);
  });

  it('swallows a throw from onError itself', () => {
    const handler = containErrors(() => {
      throw new Error('reporting failed');
    }, () => {
      throw new Error('a bug');
    });
    expect(() => handler()).not.toThrow();
  });
});
