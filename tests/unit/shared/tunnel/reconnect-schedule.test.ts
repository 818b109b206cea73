import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReconnectSchedule, resumeCanHelp } from '../../../../shared/tunnel/reconnect-schedule.ts';

const BACKOFF = { initialMs: 100, maxMs: 1_000, jitter: 0 };

describe('ReconnectSchedule', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls the attempt after delays that double from the first drop', () => {
    const schedule = new ReconnectSchedule(BACKOFF, 10_000, () => 0);
    const at: number[] = [];
    const start = Date.now();
    schedule.linkDown();
    const attempt = (): void => {
      at.push(Date.now() - start);
      if (at.length < 3) expect(schedule.schedule(attempt)).toBeNull();
    };
    expect(schedule.schedule(attempt)).toBeNull();
    vi.advanceTimersByTime(5_000);
    expect(at).toEqual([100, 300, 700]);
  });

  it('gives up instead of scheduling past maxReconnectMs of downtime', () => {
    const schedule = new ReconnectSchedule(BACKOFF, 250, () => 0);
    schedule.linkDown();
    expect(schedule.schedule(() => {})).toBeNull();
    vi.advanceTimersByTime(100);
    const gaveUp = schedule.schedule(() => {});
    expect(gaveUp?.code).toBe('TUNNEL_ERR_RECONNECT_GAVE_UP');
  });

  it('starts from the first delay and a fresh clock once the link was up again', () => {
    const schedule = new ReconnectSchedule(BACKOFF, 250, () => 0);
    schedule.linkDown();
    schedule.schedule(() => {});
    vi.advanceTimersByTime(200);
    schedule.linkUp();
    schedule.linkDown();
    const attempt = vi.fn();
    expect(schedule.schedule(attempt)).toBeNull();
    vi.advanceTimersByTime(100);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('never calls an attempt it was stopped before', () => {
    const schedule = new ReconnectSchedule(BACKOFF, 10_000, () => 0);
    const attempt = vi.fn();
    schedule.linkDown();
    schedule.schedule(attempt);
    schedule.stop();
    vi.advanceTimersByTime(5_000);
    expect(attempt).not.toHaveBeenCalled();
  });
});

describe('resumeCanHelp', () => {
  it('says yes to a lost link and no to a refused or expired session', () => {
    expect(resumeCanHelp('TUNNEL_ERR_CLOSED')).toBe(true);
    expect(resumeCanHelp('TUNNEL_ERR_TIMEOUT')).toBe(true);
    expect(resumeCanHelp('TUNNEL_ERR_RESUME_EXPIRED')).toBe(false);
    expect(resumeCanHelp('TUNNEL_ERR_RESUME_DENIED')).toBe(false);
  });
});
