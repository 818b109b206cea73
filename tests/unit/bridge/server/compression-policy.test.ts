import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPRESSION, type CompressionConfig } from '../../../../bridge/config/index.ts';
import { CompressionPolicy } from '../../../../bridge/server/index.ts';

const KIB = 1024;
const config: CompressionConfig = {
  ...DEFAULT_COMPRESSION,
  threshold: 256,
  plainAboveCompressorBytes: 256 * KIB,
  plainBelowLinkBytes: 64 * KIB,
  plainAfterMs: 500,
  compressAboveLinkBytes: 256 * KIB,
  compressAgainAfterMs: 15_000,
};
const MESSAGE = 4096;
/** The compressor holds a lot and the link next to nothing: the fast-link picture. */
const compressorBound = { link: 0, compressor: 1024 * KIB };
const idle = { link: 0, compressor: 0 };

/** A policy that has gone plain at time 1000. */
function plainPolicy(overrides: Partial<CompressionConfig> = {}): CompressionPolicy {
  const policy = new CompressionPolicy({ ...config, ...overrides });
  policy.compressNext(MESSAGE, compressorBound, 500);
  policy.compressNext(MESSAGE, compressorBound, 1000);
  expect(policy.compressing).toBe(false);
  return policy;
}

describe('CompressionPolicy', () => {
  it('starts out compressing', () => {
    const policy = new CompressionPolicy(config);
    expect(policy.compressing).toBe(true);
    expect(policy.compressNext(MESSAGE, idle, 0)).toBe(true);
  });

  it('never compresses a message under threshold, but still judges the backlog it sees', () => {
    const policy = new CompressionPolicy(config);
    expect(policy.compressNext(255, idle, 0)).toBe(false);
    expect(policy.compressNext(256, idle, 0)).toBe(true);
    policy.compressNext(100, compressorBound, 0);
    policy.compressNext(100, compressorBound, 500);
    expect(policy.compressing).toBe(false);
  });

  it('stops compressing when the compressor, not the link, has held the bytes for plainAfterMs', () => {
    const policy = new CompressionPolicy(config);
    expect(policy.compressNext(MESSAGE, compressorBound, 1000)).toBe(true);
    expect(policy.compressNext(MESSAGE, compressorBound, 1499)).toBe(true);
    expect(policy.compressNext(MESSAGE, compressorBound, 1500)).toBe(false);
    expect(policy.compressNext(MESSAGE, idle, 1600)).toBe(false);
  });

  it('keeps compressing through a burst the compressor drains in less than plainAfterMs', () => {
    const policy = new CompressionPolicy(config);
    for (let burst = 0; burst < 10; burst++) {
      const start = burst * 1000;
      policy.compressNext(MESSAGE, compressorBound, start);
      policy.compressNext(MESSAGE, { link: 0, compressor: 300 * KIB }, start + 400);
      // Drained: the next message finds the compressor below the threshold.
      expect(policy.compressNext(MESSAGE, { link: 0, compressor: 100 * KIB }, start + 450)).toBe(true);
    }
    expect(policy.compressNext(MESSAGE, compressorBound, 10_000)).toBe(true);
  });

  it('keeps compressing while the link holds bytes too: the compressor is only waiting behind a slow link', () => {
    const policy = new CompressionPolicy(config);
    for (let t = 0; t <= 5000; t += 100) {
      expect(policy.compressNext(MESSAGE, { link: 64 * KIB, compressor: 900 * KIB }, t)).toBe(true);
    }
  });

  it('starts the plainAfterMs clock again when the link backs up in between', () => {
    const policy = new CompressionPolicy(config);
    policy.compressNext(MESSAGE, compressorBound, 0);
    policy.compressNext(MESSAGE, { link: 128 * KIB, compressor: 900 * KIB }, 400);
    policy.compressNext(MESSAGE, compressorBound, 600);
    expect(policy.compressNext(MESSAGE, compressorBound, 1000)).toBe(true);
    expect(policy.compressNext(MESSAGE, compressorBound, 1100)).toBe(false);
  });

  it('compresses again once the link backs up', () => {
    const policy = plainPolicy();
    expect(policy.compressNext(MESSAGE, { link: 256 * KIB, compressor: 0 }, 1100)).toBe(false);
    expect(policy.compressNext(MESSAGE, { link: 256 * KIB + 1, compressor: 0 }, 1200)).toBe(true);
    expect(policy.compressing).toBe(true);
  });

  it('stays plain while the link backlog sits between the two link thresholds', () => {
    const policy = plainPolicy();
    for (let t = 1100; t < 10_000; t += 100) {
      expect(policy.compressNext(MESSAGE, { link: 200 * KIB, compressor: 0 }, t)).toBe(false);
    }
  });

  it('compresses again after compressAgainAfterMs of plain sending, to see whether the compressor keeps up now', () => {
    const policy = plainPolicy();
    expect(policy.compressNext(MESSAGE, idle, 15_999)).toBe(false);
    expect(policy.compressNext(MESSAGE, idle, 16_000)).toBe(true);
    // …and goes plain again only after a fresh plainAfterMs of a full compressor.
    expect(policy.compressNext(MESSAGE, compressorBound, 16_100)).toBe(true);
    expect(policy.compressNext(MESSAGE, compressorBound, 16_600)).toBe(false);
  });

  it('with adaptive off, compresses every message of at least threshold bytes whatever the backlog', () => {
    const policy = new CompressionPolicy({ ...config, adaptive: false });
    for (let t = 0; t <= 60_000; t += 1000) {
      expect(policy.compressNext(MESSAGE, compressorBound, t)).toBe(true);
      expect(policy.compressNext(100, compressorBound, t)).toBe(false);
    }
  });
});
