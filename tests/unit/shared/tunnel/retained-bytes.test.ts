import { describe, expect, it } from 'vitest';
import { RetainedBytes } from '../../../../shared/tunnel/index.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunks: Uint8Array[]) => chunks.map((chunk) => new TextDecoder().decode(chunk)).join('');

function filled(...chunks: string[]): RetainedBytes {
  const retained = new RetainedBytes();
  for (const chunk of chunks) retained.append(bytes(chunk));
  return retained;
}

describe('RetainedBytes', () => {
  it('addresses bytes by absolute offset since the start of the stream', () => {
    const retained = filled('+OK ', 'hello\r\n');
    expect([retained.start, retained.end, retained.size]).toEqual([0, 11, 11]);
    expect(text(retained.from(0))).toBe('+OK hello\r\n');
    expect(text(retained.from(6))).toBe('llo\r\n');
  });

  it('forgets acknowledged bytes, including part of a chunk, and keeps the offsets absolute', () => {
    const retained = filled('abc', 'defg', 'hi');
    retained.acknowledge(5);
    expect([retained.start, retained.end, retained.size]).toEqual([5, 9, 4]);
    expect(text(retained.from(5))).toBe('fghi');
    expect(text(retained.from(7))).toBe('hi');
    retained.append(bytes('jk'));
    expect(text(retained.from(8))).toBe('ijk');
  });

  it('replays nothing from exactly the end, which is a valid resume point', () => {
    const retained = filled('abc');
    expect(retained.holds(3)).toBe(true);
    expect(retained.from(3)).toEqual([]);
  });

  it('refuses to replay from before what it still holds or past what it ever had', () => {
    const retained = filled('abcdef');
    retained.acknowledge(4);
    expect(retained.holds(3)).toBe(false);
    expect(retained.holds(7)).toBe(false);
    expect(() => retained.from(3)).toThrow(RangeError);
    expect(() => retained.from(7)).toThrow(RangeError);
  });

  it('ignores an old ack behind what was already forgotten', () => {
    const retained = filled('abcdef');
    retained.acknowledge(4);
    retained.acknowledge(2);
    expect(retained.start).toBe(4);
  });

  it('throws on an ack of bytes never sent, or one that is not a whole number', () => {
    const retained = filled('abc');
    expect(() => retained.acknowledge(4)).toThrow(RangeError);
    expect(() => retained.acknowledge(1.5)).toThrow(RangeError);
  });
});
