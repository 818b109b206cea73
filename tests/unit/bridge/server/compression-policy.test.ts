import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPRESSION, type CompressionConfig } from '../../../../bridge/config/index.ts';
import { CompressionPolicy, type SendBacklog } from '../../../../bridge/server/index.ts';

const KIB = 1024;
const MB = 1_000_000;
const config: CompressionConfig = {
  ...DEFAULT_COMPRESSION,
  threshold: 256,
  plainAboveCompressorBytes: 256 * KIB,
  plainBelowLinkBytes: 64 * KIB,
  plainAfterMs: 1000,
  plainAboveLinkBytesPerSecond: 10 * MB,
  compressAboveLinkBytes: 256 * KIB,
  compressAgainAfterMs: 15_000,
};
const MESSAGE = 4096;
/** The compressor holds a lot and the link next to nothing. */
const FULL_COMPRESSOR = { link: 0, compressor: 1024 * KIB };

/** The backlogs at `now` (ms) on a link whose kernel has taken `bytesPerSecond` since time 0, plus `slack` taken at once. */
function backlog(now: number, bytesPerSecond: number, queued: { link: number; compressor: number }, slack = 0): SendBacklog {
  return { ...queued, linkBytesWritten: slack + Math.round((bytesPerSecond * now) / 1000) };
}
/** The fast-link picture: compressor-bound, and the kernel takes 40 MB/s. */
const fastDrain = (now: number) => backlog(now, 40 * MB, FULL_COMPRESSOR);
/** Compressor-bound too, but the kernel takes only 1 MB/s (8 Mbit/s). */
const slowDrain = (now: number) => backlog(now, 1 * MB, FULL_COMPRESSOR);
const idle: SendBacklog = { link: 0, compressor: 0, linkBytesWritten: 0 };

/** A policy that has gone plain at time 2000. */
function plainPolicy(overrides: Partial<CompressionConfig> = {}): CompressionPolicy {
  const policy = new CompressionPolicy({ ...config, ...overrides });
  policy.compressNext(MESSAGE, fastDrain(1000), 1000);
  policy.compressNext(MESSAGE, fastDrain(2000), 2000);
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
    policy.compressNext(100, fastDrain(0), 0);
    policy.compressNext(100, fastDrain(1000), 1000);
    expect(policy.compressing).toBe(false);
  });

  it('goes plain when the compressor is the bottleneck and the link drains fast', () => {
    const policy = new CompressionPolicy(config);
    expect(policy.compressNext(MESSAGE, fastDrain(1000), 1000)).toBe(true);
    expect(policy.compressNext(MESSAGE, fastDrain(1999), 1999)).toBe(true);
    expect(policy.compressNext(MESSAGE, fastDrain(2000), 2000)).toBe(false);
    expect(policy.compressNext(MESSAGE, idle, 2100)).toBe(false);
  });

  it('goes plain at exactly plainAboveLinkBytesPerSecond, not below it', () => {
    const atRate = new CompressionPolicy(config);
    atRate.compressNext(MESSAGE, backlog(0, 10 * MB, FULL_COMPRESSOR), 0);
    expect(atRate.compressNext(MESSAGE, backlog(1000, 10 * MB, FULL_COMPRESSOR), 1000)).toBe(false);
    const below = new CompressionPolicy(config);
    below.compressNext(MESSAGE, backlog(0, 9.99 * MB, FULL_COMPRESSOR), 0);
    expect(below.compressNext(MESSAGE, backlog(1000, 9.99 * MB, FULL_COMPRESSOR), 1000)).toBe(true);
  });

  it('stays deflating through a compressor stall while the link drains slowly', () => {
    // Behind 8 Mbit/s the kernel's buffers hide the link's queue: the link backlog reads 0.
    const policy = new CompressionPolicy(config);
    for (let t = 0; t <= 2000; t += 50) expect(policy.compressNext(MESSAGE, slowDrain(t), t)).toBe(true);
  });

  it("stays deflating when the kernel's send buffers swallow the first megabytes of a slow link at once", () => {
    const policy = new CompressionPolicy(config);
    expect(policy.compressNext(MESSAGE, backlog(0, 1 * MB, FULL_COMPRESSOR), 0)).toBe(true);
    for (let t = 50; t <= 3000; t += 50) {
      expect(policy.compressNext(MESSAGE, backlog(t, 1 * MB, FULL_COMPRESSOR, 3.5 * MB), t)).toBe(true);
    }
  });

  it('judges the drain rate of each plainAfterMs stretch afresh, so a slow start does not hold it back', () => {
    const policy = new CompressionPolicy(config);
    policy.compressNext(MESSAGE, slowDrain(0), 0);
    expect(policy.compressNext(MESSAGE, slowDrain(1000), 1000)).toBe(true);
    // From here the kernel takes 40 MB/s.
    const fastAfter = (t: number) => ({ ...FULL_COMPRESSOR, linkBytesWritten: 1 * MB + 40_000 * (t - 1000) });
    expect(policy.compressNext(MESSAGE, fastAfter(1500), 1500)).toBe(true);
    expect(policy.compressNext(MESSAGE, fastAfter(2000), 2000)).toBe(false);
  });

  it('with plainAboveLinkBytesPerSecond 0, goes plain on the backlogs alone', () => {
    const policy = new CompressionPolicy({ ...config, plainAboveLinkBytesPerSecond: 0 });
    policy.compressNext(MESSAGE, slowDrain(0), 0);
    expect(policy.compressNext(MESSAGE, slowDrain(999), 999)).toBe(true);
    expect(policy.compressNext(MESSAGE, slowDrain(1000), 1000)).toBe(false);
  });

  it('with the rate at 0, keeps compressing through a burst the compressor drains in less than plainAfterMs', () => {
    const policy = new CompressionPolicy({ ...config, plainAboveLinkBytesPerSecond: 0 });
    for (let burst = 0; burst < 10; burst++) {
      const start = burst * 2000;
      policy.compressNext(MESSAGE, fastDrain(start), start);
      policy.compressNext(MESSAGE, backlog(start + 900, 40 * MB, { link: 0, compressor: 300 * KIB }), start + 900);
      // Drained: the next message finds the compressor below the threshold.
      expect(policy.compressNext(MESSAGE, backlog(start + 950, 40 * MB, { link: 0, compressor: 100 * KIB }), start + 950)).toBe(true);
    }
    expect(policy.compressNext(MESSAGE, fastDrain(20_000), 20_000)).toBe(true);
  });

  it('keeps compressing on a slow link whatever the backlogs', () => {
    const policy = new CompressionPolicy(config);
    for (let t = 0; t <= 5000; t += 100) {
      expect(policy.compressNext(MESSAGE, backlog(t, 9 * MB, { link: 64 * KIB, compressor: 900 * KIB }), t)).toBe(true);
      expect(policy.compressNext(MESSAGE, backlog(t, 9 * MB, { link: 2048 * KIB, compressor: 0 }), t)).toBe(true);
    }
  });

  it('goes plain on a fast link even while the link holds a backlog: a CPU-bound browser gains nothing from deflate', () => {
    const policy = new CompressionPolicy(config);
    const busyReceiver = (t: number) => backlog(t, 16 * MB, { link: 1024 * KIB, compressor: 64 * KIB });
    expect(policy.compressNext(MESSAGE, busyReceiver(0), 0)).toBe(true);
    expect(policy.compressNext(MESSAGE, busyReceiver(999), 999)).toBe(true);
    expect(policy.compressNext(MESSAGE, busyReceiver(1000), 1000)).toBe(false);
    // Plain, the backlog stays (the browser is the bottleneck) and so does the rate: stay plain.
    for (let t = 1100; t < 15_000; t += 100) expect(policy.compressNext(MESSAGE, backlog(t, 26 * MB, { link: 1024 * KIB, compressor: 0 }), t)).toBe(false);
  });

  it('with the rate at 0, keeps compressing while the link holds bytes too: the compressor is only waiting behind a slow link', () => {
    const policy = new CompressionPolicy({ ...config, plainAboveLinkBytesPerSecond: 0 });
    for (let t = 0; t <= 5000; t += 100) {
      expect(policy.compressNext(MESSAGE, backlog(t, 40 * MB, { link: 64 * KIB, compressor: 900 * KIB }), t)).toBe(true);
    }
  });

  it('with the rate at 0, starts the plainAfterMs clock again when the link backs up in between', () => {
    const policy = new CompressionPolicy({ ...config, plainAboveLinkBytesPerSecond: 0 });
    policy.compressNext(MESSAGE, fastDrain(0), 0);
    policy.compressNext(MESSAGE, backlog(800, 40 * MB, { link: 128 * KIB, compressor: 900 * KIB }), 800);
    policy.compressNext(MESSAGE, fastDrain(1200), 1200);
    expect(policy.compressNext(MESSAGE, fastDrain(2000), 2000)).toBe(true);
    expect(policy.compressNext(MESSAGE, fastDrain(2200), 2200)).toBe(false);
  });

  it('compresses again once the link backs up after a stretch in which it took less than the rate', () => {
    const policy = plainPolicy();
    // From 2000 the kernel takes 1 MB/s: plain, on a slow link.
    const slowAfter = (t: number, link: number) => ({ link, compressor: 0, linkBytesWritten: 80 * MB + 1000 * (t - 2000) });
    expect(policy.compressNext(MESSAGE, slowAfter(2100, 256 * KIB + 1), 2100)).toBe(false); // no stretch judged yet
    expect(policy.compressNext(MESSAGE, slowAfter(3000, 256 * KIB), 3000)).toBe(false); // slow, but not backed up
    expect(policy.compressNext(MESSAGE, slowAfter(3100, 256 * KIB + 1), 3100)).toBe(true);
    expect(policy.compressing).toBe(true);
  });

  it('with the rate at 0, compresses again as soon as the link backs up', () => {
    const policy = new CompressionPolicy({ ...config, plainAboveLinkBytesPerSecond: 0 });
    policy.compressNext(MESSAGE, fastDrain(0), 0);
    policy.compressNext(MESSAGE, fastDrain(1000), 1000);
    expect(policy.compressing).toBe(false);
    expect(policy.compressNext(MESSAGE, { link: 256 * KIB, compressor: 0, linkBytesWritten: 0 }, 1100)).toBe(false);
    expect(policy.compressNext(MESSAGE, { link: 256 * KIB + 1, compressor: 0, linkBytesWritten: 0 }, 1200)).toBe(true);
  });

  it('stays plain while the link backlog sits between the two link thresholds', () => {
    const policy = plainPolicy();
    for (let t = 2100; t < 10_000; t += 100) {
      expect(policy.compressNext(MESSAGE, { link: 200 * KIB, compressor: 0, linkBytesWritten: 0 }, t)).toBe(false);
    }
  });

  it('compresses again after compressAgainAfterMs of plain sending, to see whether the compressor keeps up now', () => {
    const policy = plainPolicy();
    expect(policy.compressNext(MESSAGE, idle, 16_999)).toBe(false);
    expect(policy.compressNext(MESSAGE, idle, 17_000)).toBe(true);
    // …and goes plain again only after a fresh plainAfterMs of a full compressor and a fast link.
    expect(policy.compressNext(MESSAGE, fastDrain(17_100), 17_100)).toBe(true);
    expect(policy.compressNext(MESSAGE, fastDrain(18_100), 18_100)).toBe(false);
  });

  it('with adaptive off, compresses every message of at least threshold bytes whatever the backlog', () => {
    const policy = new CompressionPolicy({ ...config, adaptive: false });
    for (let t = 0; t <= 60_000; t += 1000) {
      expect(policy.compressNext(MESSAGE, fastDrain(t), t)).toBe(true);
      expect(policy.compressNext(100, fastDrain(t), t)).toBe(false);
    }
  });
});
