import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../../../../shared/pop3/byte-queue.ts';
import { bytes, latin1 } from './support/drive.ts';

describe('ByteQueue', () => {
  it('finds a line feed across chunks and takes exactly the bytes before it', () => {
    const queue = new ByteQueue();
    queue.push(bytes('+O'));
    expect(queue.indexOfLf()).toBe(-1);
    queue.push(bytes('K\r'));
    expect(queue.indexOfLf()).toBe(-1);
    queue.push(bytes('\nrest'));
    expect(queue.indexOfLf()).toBe(4);
    expect(latin1(queue.take(5))).toBe('+OK\r\n');
    expect(queue.length).toBe(4);
    expect(latin1(queue.peek()!)).toBe('rest');
  });

  it('keeps finding lines after many one-byte chunks have been consumed', () => {
    const queue = new ByteQueue();
    const text = 'a\nbb\n'.repeat(1000);
    for (const c of text) queue.push(bytes(c));
    const lines: string[] = [];
    for (let lf = queue.indexOfLf(); lf >= 0; lf = queue.indexOfLf()) lines.push(latin1(queue.take(lf + 1)));
    expect(lines).toHaveLength(2000);
    expect(lines[1999]).toBe('bb\n');
    expect(queue.length).toBe(0);
  });

  it('ignores empty chunks and empties on clear', () => {
    const queue = new ByteQueue();
    queue.push(new Uint8Array(0));
    expect(queue.peek()).toBeNull();
    queue.push(bytes('xyz'));
    queue.consume(1);
    expect(latin1(queue.peek()!)).toBe('yz');
    queue.clear();
    expect(queue.length).toBe(0);
    expect(queue.indexOfLf()).toBe(-1);
  });
});
