import { describe, expect, it } from 'vitest';
// The unit project compiles runes in *.svelte.ts modules (vitest.config.ts), so a direct import
// runs what ships.
import { OnlineStatus } from '../../../../web/src/lib/connectivity/online-status.svelte.ts';

/** Just enough of a Window: navigator.onLine and the online/offline events. */
function fakeWindow(onLine: boolean) {
  const target = new EventTarget() as EventTarget & { navigator: { onLine: boolean } };
  target.navigator = { onLine };
  return target;
}

describe('OnlineStatus', () => {
  it('starts from the value it is given', () => {
    expect(new OnlineStatus(false).online).toBe(false);
    expect(new OnlineStatus(true).online).toBe(true);
  });

  it('follows offline and online events once listening', () => {
    const win = fakeWindow(true);
    const status = new OnlineStatus(true);
    status.listen(win as unknown as Window);
    win.navigator.onLine = false;
    win.dispatchEvent(new Event('offline'));
    expect(status.online).toBe(false);
    win.navigator.onLine = true;
    win.dispatchEvent(new Event('online'));
    expect(status.online).toBe(true);
  });

  it('reads the current state when it starts listening, not only on the next event', () => {
    const status = new OnlineStatus(true);
    status.listen(fakeWindow(false) as unknown as Window);
    expect(status.online).toBe(false);
  });

  it('stops following events after the returned function is called', () => {
    const win = fakeWindow(true);
    const status = new OnlineStatus(true);
    const stop = status.listen(win as unknown as Window);
    stop();
    win.navigator.onLine = false;
    win.dispatchEvent(new Event('offline'));
    expect(status.online).toBe(true);
  });
});
