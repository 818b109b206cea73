import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountRecord } from '../../../../web/src/lib/storage/index.ts';
import type { SyncSettings, SyncSummary } from '../../../../web/src/lib/sync/sync-messages.ts';
import { SyncScheduler } from '../../../../web/src/lib/sync/sync-scheduler.svelte.ts';

const account: AccountRecord = { id: 'a1', displayName: 'A', targetName: 't', userName: 'u', authMethod: 'user-pass', policy: { kind: 'leave' } };
const settings = {} as SyncSettings;
const MINUTE = 60_000;

/** A controller whose sync() answers from a queue of outcomes: 'ok' or an error code. */
function fakeController(outcomes: string[]) {
  const calls: number[] = [];
  return {
    calls,
    sync: vi.fn(async () => {
      calls.push(Date.now());
      const outcome = outcomes.shift() ?? 'ok';
      if (outcome === 'ok') return {} as SyncSummary;
      throw { accountId: 'a1', code: outcome, message: outcome };
    }),
  };
}

function schedulerWith(controller: ReturnType<typeof fakeController>, events = new EventTarget(), password: string | null = 'pw') {
  return new SyncScheduler({
    controller,
    accounts: () => [account],
    password: () => password,
    settings: async () => settings,
    intervalMinutes: () => 15,
    events,
    random: () => 0.5,
    backoff: { baseMs: 1_000, maxMs: 8_000, maxAttempts: 5 },
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SyncScheduler', () => {
  it('syncs on start and again every interval while started', async () => {
    const controller = fakeController([]);
    const stop = schedulerWith(controller).start();
    await vi.advanceTimersByTimeAsync(0);
    expect(controller.sync).toHaveBeenCalledTimes(1);
    expect(controller.sync).toHaveBeenCalledWith(account, 'pw', settings);
    await vi.advanceTimersByTimeAsync(15 * MINUTE);
    expect(controller.sync).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(controller.sync).toHaveBeenCalledTimes(2);
  });

  it('syncs when the browser comes back online', async () => {
    const controller = fakeController([]);
    const events = new EventTarget();
    const stop = schedulerWith(controller, events).start();
    await vi.advanceTimersByTimeAsync(0);
    events.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(controller.sync).toHaveBeenCalledTimes(2);
    stop();
  });

  it('retries a network failure with capped exponential backoff and jitter, then waits for the interval', async () => {
    const controller = fakeController(Array(10).fill('TUNNEL_ERR_CLOSED'));
    const scheduler = schedulerWith(controller);
    const stop = scheduler.start();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    // With jitter 0.75: 750, 1500, 3000, 6000, 6000 (8 000 cap × 0.75) ms after each failure.
    const gaps = controller.calls.slice(1).map((t, i) => t - controller.calls[i]!);
    expect(gaps).toEqual([750, 1_500, 3_000, 6_000, 6_000]);
    expect(scheduler.waits.a1).toEqual({ kind: 'until-interval', code: 'TUNNEL_ERR_CLOSED' });
    stop();
  });

  it.each(['POP3_ERR_LOGIN_DELAY', 'POP3_ERR_IN_USE', 'POP3_ERR_AUTH'])('does not retry after %s until the next interval, even when back online', async (code) => {
    const controller = fakeController([code]);
    const events = new EventTarget();
    const scheduler = schedulerWith(controller, events);
    const stop = scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    events.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(controller.sync).toHaveBeenCalledTimes(1);
    expect(scheduler.waits.a1).toEqual({ kind: 'until-interval', code });
    await vi.advanceTimersByTimeAsync(1 * MINUTE);
    expect(controller.sync).toHaveBeenCalledTimes(2);
    expect(scheduler.waits.a1).toBeUndefined();
    stop();
  });

  it('lets the user sync now through a wait', async () => {
    const controller = fakeController(['POP3_ERR_LOGIN_DELAY']);
    const scheduler = schedulerWith(controller);
    const stop = scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    await scheduler.syncNow();
    expect(controller.sync).toHaveBeenCalledTimes(2);
    expect(scheduler.waits.a1).toBeUndefined();
    stop();
  });

  it('skips an account whose password it does not have', async () => {
    const controller = fakeController([]);
    const stop = schedulerWith(controller, new EventTarget(), null).start();
    await vi.advanceTimersByTimeAsync(20 * MINUTE);
    expect(controller.sync).not.toHaveBeenCalled();
    stop();
  });
});
