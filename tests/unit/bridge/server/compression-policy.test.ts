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
  // Off here, so each test sees the rate floor alone; the trials have their own tests.
  tryPlainAboveLinkBytesPerSecond: 0,
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
    expect(policy.compressNext(MESSAGE, fastDrain(2000), 2000)).toBe(false);
    expect(policy.compressNext(MESSAGE, idle, 2100)).toBe(false);
  });

  it('goes plain before the stretch ends once the link has taken what the rate floor moves in a whole stretch', () => {
    const policy = new CompressionPolicy(config);
    // 40 MB/s: the floor's 10 MB are through after 250 ms of the stretch that began at 1000.
    expect(policy.compressNext(MESSAGE, fastDrain(1000), 1000)).toBe(true);
    expect(policy.compressNext(MESSAGE, fastDrain(1249), 1249)).toBe(true);
    expect(policy.compressNext(MESSAGE, fastDrain(1250), 1250)).toBe(false);
  });

  it('does not go plain early on fewer bytes than the floor moves in a whole stretch, however fast they went', () => {
    const policy = new CompressionPolicy(config);
    // A slow link whose kernel buffers swallow 9.9 MB at once, then take 1 MB/s.
    policy.compressNext(MESSAGE, backlog(0, 0, FULL_COMPRESSOR), 0);
    expect(policy.compressNext(MESSAGE, backlog(10, 0, FULL_COMPRESSOR, 9.9 * MB), 10)).toBe(true);
    for (let t = 50; t < 1000; t += 50) expect(policy.compressNext(MESSAGE, backlog(t, 0, FULL_COMPRESSOR, 9.9 * MB), t)).toBe(true);
    // The whole stretch did move 9.9 MB in 1 s: under the floor, so still deflating.
    expect(policy.compressNext(MESSAGE, backlog(1000, 0, FULL_COMPRESSOR, 9.9 * MB), 1000)).toBe(true);
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
    expect(policy.compressNext(MESSAGE, fastAfter(1200), 1200)).toBe(true);
    expect(policy.compressNext(MESSAGE, fastAfter(1250), 1250)).toBe(false);
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
    expect(policy.compressNext(MESSAGE, busyReceiver(600), 600)).toBe(true);
    expect(policy.compressNext(MESSAGE, busyReceiver(625), 625)).toBe(false);
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

  describe('plain on trial (tryPlainAboveLinkBytesPerSecond)', () => {
    const trying = { ...config, tryPlainAboveLinkBytesPerSecond: 6 * MB, tryPlainAfterAckedMs: 0 };
    /** The kernel takes `deflated` bytes/s until `switchAt`, then `plain` bytes/s. */
    const twoRates = (deflated: number, switchAt: number, plain: number) => (t: number, link = 0) => ({
      link,
      compressor: 0,
      linkBytesWritten: Math.round((deflated * Math.min(t, switchAt) + plain * Math.max(0, t - switchAt)) / 1000),
    });

    it('tries plain after a deflated stretch at the try rate, and stays plain when the plain stretch reaches the floor', () => {
      const policy = new CompressionPolicy(trying);
      const drain = twoRates(8 * MB, 750, 20 * MB);
      expect(policy.compressNext(MESSAGE, drain(0), 0)).toBe(true);
      // The trial rate's 6 MB are through at 750, before the stretch's 1000 ms.
      expect(policy.compressNext(MESSAGE, drain(749), 749)).toBe(true);
      expect(policy.compressNext(MESSAGE, drain(750), 750)).toBe(false);
      // The plain stretch opens at 800; 10 MB at 20 MB/s by 1300: the floor, so plain stays,
      // even with a backlog on the link.
      expect(policy.compressNext(MESSAGE, drain(800), 800)).toBe(false);
      expect(policy.compressNext(MESSAGE, drain(1300), 1300)).toBe(false);
      for (let t = 1400; t < 10_000; t += 100) expect(policy.compressNext(MESSAGE, drain(t, 512 * KIB), t)).toBe(false);
    });

    it('deflates again when the plain stretch is slower than the floor, and tries no more for compressAgainAfterMs', () => {
      const policy = new CompressionPolicy(trying);
      const drain = twoRates(7 * MB, 1000, 8 * MB);
      policy.compressNext(MESSAGE, drain(0), 0);
      expect(policy.compressNext(MESSAGE, drain(1000), 1000)).toBe(false);
      // The plain stretch opens with the next message, at 1100.
      for (let t = 1100; t < 2100; t += 100) expect(policy.compressNext(MESSAGE, drain(t), t)).toBe(false);
      // 8 MB/s plain: under the floor, backlog or not.
      expect(policy.compressNext(MESSAGE, drain(2100), 2100)).toBe(true);
      const deflatedAgain = (t: number) => ({ link: 0, compressor: 0, linkBytesWritten: 15 * MB + 7000 * (t - 2100) });
      for (let t = 2200; t < 17_100; t += 100) expect(policy.compressNext(MESSAGE, deflatedAgain(t), t)).toBe(true);
      // The first stretch that ends after the hold-off (17,100) tries again.
      expect(policy.compressNext(MESSAGE, deflatedAgain(17_200), 17_200)).toBe(false);
    });

    it("never tries on a slow link whose kernel buffers swallow the first megabytes at once", () => {
      const policy = new CompressionPolicy(trying);
      for (let t = 0; t <= 5000; t += 50) {
        expect(policy.compressNext(MESSAGE, backlog(t, 1 * MB, FULL_COMPRESSOR, 4.5 * MB), t)).toBe(true);
      }
    });

    describe("by the browser's acks (tryPlainAfterAckedMs)", () => {
      const acking = { ...trying, tryPlainAfterAckedMs: 250 };
      /** A slow kernel rate (no stretch shows the try rate), and the browser acking `ackedPerSecond` from `from` on. */
      const acked = (ackedPerSecond: number, from = 0) => (t: number) => ({
        ...backlog(t, 1 * MB, FULL_COMPRESSOR),
        acknowledged: Math.max(0, Math.round((ackedPerSecond * (t - from)) / 1000)),
      });

      it("tries plain once the browser acks the try rate's volume within one window, long before a stretch ends", () => {
        const policy = new CompressionPolicy(acking);
        const drain = acked(8 * MB, 100);
        // The window opens at 100, when the first bytes are acked; 1.5 MB (6 MB/s × 250 ms) are in by 287.5.
        expect(policy.compressNext(MESSAGE, drain(100), 100)).toBe(true);
        expect(policy.compressNext(MESSAGE, drain(287), 287)).toBe(true);
        expect(policy.compressNext(MESSAGE, drain(288), 288)).toBe(false);
      });

      it('does not try on acks slower than the try rate, window after window', () => {
        const policy = new CompressionPolicy(acking);
        const drain = acked(5.9 * MB);
        for (let t = 0; t <= 5000; t += 10) expect(policy.compressNext(MESSAGE, drain(t), t)).toBe(true);
      });

      it('does not add up acks across windows: each window must show the rate on its own', () => {
        const policy = new CompressionPolicy(acking);
        // 1 MB acked at once every 250 ms: 4 MB/s, and never 1.5 MB inside one window.
        const bursts = (t: number) => ({ ...backlog(t, 1 * MB, FULL_COMPRESSOR), acknowledged: Math.floor(t / 250) * MB });
        for (let t = 0; t <= 5000; t += 10) expect(policy.compressNext(MESSAGE, bursts(t), t)).toBe(true);
      });

      it('judges by the kernel alone without acks (a tunnel that is not resumable) or with the window at 0', () => {
        const noAcks = new CompressionPolicy(acking);
        const off = new CompressionPolicy({ ...acking, tryPlainAfterAckedMs: 0 });
        const drain = acked(20 * MB);
        for (let t = 0; t < 1000; t += 10) {
          const { acknowledged: _ignored, ...withoutAcks } = drain(t);
          expect(noAcks.compressNext(MESSAGE, withoutAcks, t)).toBe(true);
          expect(off.compressNext(MESSAGE, drain(t), t)).toBe(true);
        }
      });

      it('is a trial like any other: a plain stretch slower than the floor deflates again', () => {
        const policy = new CompressionPolicy(acking);
        const drain = acked(8 * MB);
        let t = 0;
        for (; policy.compressing && t < 1000; t += 10) policy.compressNext(MESSAGE, drain(t), t);
        expect(policy.compressing).toBe(false);
        // Plain, and the kernel takes 1 MB/s: the first plain stretch ends and deflate returns.
        for (const end = t + 1100; t < end; t += 10) policy.compressNext(MESSAGE, drain(t), t);
        expect(policy.compressing).toBe(true);
        // And no trial for compressAgainAfterMs, however fast the acks come.
        for (const end = t + 10_000; t < end; t += 10) expect(policy.compressNext(MESSAGE, drain(t), t)).toBe(true);
      });
    });

    it('never tries with plainAboveLinkBytesPerSecond 0: the backlogs decide then', () => {
      const policy = new CompressionPolicy({ ...trying, plainAboveLinkBytesPerSecond: 0 });
      const busyLink = (t: number) => backlog(t, 8 * MB, { link: 128 * KIB, compressor: 900 * KIB });
      for (let t = 0; t <= 5000; t += 100) expect(policy.compressNext(MESSAGE, busyLink(t), t)).toBe(true);
    });
  });

  it('with adaptive off, compresses every message of at least threshold bytes whatever the backlog', () => {
    const policy = new CompressionPolicy({ ...config, adaptive: false });
    for (let t = 0; t <= 60_000; t += 1000) {
      expect(policy.compressNext(MESSAGE, fastDrain(t), t)).toBe(true);
      expect(policy.compressNext(100, fastDrain(t), t)).toBe(false);
    }
  });
});
