import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServerReachability } from '../../../../web/src/lib/connectivity/server-reachability.svelte.ts';

/** A server that is up or down as the test says, counting the probes it gets. */
function switchableServer() {
  const server = { up: true, probes: 0 };
  const fetchFn = (async () => {
    server.probes += 1;
    if (!server.up) throw new TypeError('Failed to fetch');
    return new Response('{"status":"ok"}', { status: 200 });
  }) as typeof fetch;
  return { server, fetchFn };
}

function fakeWindow() {
  const win = new EventTarget() as EventTarget & { navigator: { onLine: boolean }; document: EventTarget & { visibilityState: string } };
  win.navigator = { onLine: true };
  win.document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  return win;
}

describe('ServerReachability', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is unknown until the first answer, not reachable', () => {
    expect(new ServerReachability({ fetch: switchableServer().fetchFn }).reachable).toBeNull();
  });

  it('notices the server going down without any online or offline event', async () => {
    const { server, fetchFn } = switchableServer();
    const reachability = new ServerReachability({ fetch: fetchFn, everyMs: 30_000, retryMs: 5_000 });
    const stop = reachability.watch(fakeWindow() as unknown as Window);
    await vi.advanceTimersByTimeAsync(0);
    expect(reachability.reachable).toBe(true);
    server.up = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(reachability.reachable).toBe(false);
    stop();
  });

  it('says the server is back within the retry interval, not a minute later', async () => {
    const { server, fetchFn } = switchableServer();
    server.up = false;
    const reachability = new ServerReachability({ fetch: fetchFn, everyMs: 30_000, retryMs: 5_000 });
    const stop = reachability.watch(fakeWindow() as unknown as Window);
    await vi.advanceTimersByTimeAsync(0);
    expect(reachability.reachable).toBe(false);
    server.up = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reachability.reachable).toBe(true);
    stop();
  });

  it('asks at once when the browser comes back online', async () => {
    const { server, fetchFn } = switchableServer();
    const win = fakeWindow();
    const reachability = new ServerReachability({ fetch: fetchFn, everyMs: 30_000, retryMs: 5_000 });
    const stop = reachability.watch(win as unknown as Window);
    await vi.advanceTimersByTimeAsync(0);
    const before = server.probes;
    win.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(server.probes).toBe(before + 1);
    stop();
  });

  it('counts a proxy error page as no answer from the server', async () => {
    const reachability = new ServerReachability({ fetch: (async () => new Response('Bad Gateway', { status: 502 })) as typeof fetch });
    expect(await reachability.probe()).toBe(false);
    expect(reachability.reachable).toBe(false);
  });

  it('stops probing once stopped', async () => {
    const { server, fetchFn } = switchableServer();
    const stop = new ServerReachability({ fetch: fetchFn, everyMs: 1_000 }).watch(fakeWindow() as unknown as Window);
    await vi.advanceTimersByTimeAsync(0);
    stop();
    const after = server.probes;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.probes).toBe(after);
  });
});
