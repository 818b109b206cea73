import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { LinkPath, type PathProfile } from '../../support/link-path.ts';

function path(profile: PathProfile, heldUntil = () => 0) {
  const delivered: Uint8Array[] = [];
  let ended = false;
  const link = new LinkPath({ deliver: (bytes) => {
      delivered.push(bytes);
      return true;
    }, end: () => void (ended = true), profile: () => profile, heldUntil });
  return { link, delivered, ended: () => ended };
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunks: Uint8Array[]) => chunks.map((chunk) => new TextDecoder().decode(chunk)).join('');

describe('LinkPath', () => {
  it('passes bytes of an unshaped link straight on, in the same call, as loopback would', () => {
    const { link, delivered } = path({ delayMs: 0, bandwidthBitsPerSecond: Number.POSITIVE_INFINITY });
    const chunk = bytes('RETR 1\r\n');
    link.push(chunk);
    expect(delivered).toEqual([chunk]);
    expect(link.queuedBytes).toBe(0);
  });

  it('holds an unshaped link’s bytes during a stall, and keeps their order after it', async () => {
    const heldUntil = performance.now() + 30;
    const { link, delivered } = path({ delayMs: 0, bandwidthBitsPerSecond: Number.POSITIVE_INFINITY }, () => heldUntil);
    link.push(bytes('one '));
    link.push(bytes('two'));
    expect(delivered).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(text(delivered)).toBe('one two');
  });

  it('queues behind a delay and delivers later, not in the same call', async () => {
    const { link, delivered } = path({ delayMs: 20, bandwidthBitsPerSecond: Number.POSITIVE_INFINITY });
    link.push(bytes('late'));
    expect(delivered).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(text(delivered)).toBe('late');
  });

  it('stops at once when the far end refuses bytes (a cut by byte budget)', () => {
    const delivered: Uint8Array[] = [];
    const link = new LinkPath({ deliver: (chunk) => (delivered.push(chunk), false), end: () => undefined, profile: () => ({ delayMs: 0, bandwidthBitsPerSecond: Number.POSITIVE_INFINITY }), heldUntil: () => 0 });
    link.push(bytes('first'));
    link.push(bytes('second'));
    expect(text(delivered)).toBe('first');
  });
});
