import { describe, expect, it } from 'vitest';
import { ConnectionLimiter } from '../../../../bridge/server/connection-limiter.ts';

describe('ConnectionLimiter', () => {
  it('refuses a client over its per-IP cap while others still get in', () => {
    const limiter = new ConnectionLimiter(10, 2);
    expect(limiter.tryAcquire('1.1.1.1')).toBe(true);
    expect(limiter.tryAcquire('1.1.1.1')).toBe(true);
    expect(limiter.tryAcquire('1.1.1.1')).toBe(false);
    expect(limiter.tryAcquire('2.2.2.2')).toBe(true);
    expect(limiter.total).toBe(3);
  });

  it('refuses everyone at the total cap', () => {
    const limiter = new ConnectionLimiter(2, 5);
    expect(limiter.tryAcquire('a')).toBe(true);
    expect(limiter.tryAcquire('b')).toBe(true);
    expect(limiter.tryAcquire('c')).toBe(false);
  });

  it('lets one key past the per-IP cap when its own cap is given (a trusted proxy), still within the total', () => {
    const limiter = new ConnectionLimiter(3, 1);
    expect(limiter.tryAcquire('proxy', 3)).toBe(true);
    expect(limiter.tryAcquire('proxy', 3)).toBe(true);
    expect(limiter.tryAcquire('other')).toBe(true);
    expect(limiter.tryAcquire('proxy', 3)).toBe(false);
  });

  it('frees a slot on release and ignores a release with nothing held', () => {
    const limiter = new ConnectionLimiter(1, 1);
    expect(limiter.tryAcquire('a')).toBe(true);
    limiter.release('a');
    limiter.release('a');
    expect(limiter.total).toBe(0);
    expect(limiter.tryAcquire('b')).toBe(true);
  });
});
