// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import OnlineIndicator from '../../../../web/src/lib/connectivity/OnlineIndicator.svelte';
import { mountComponent } from '../support/mount-component.ts';

function label(online: boolean, bridgeReachable: boolean | null): string {
  const root = mountComponent(OnlineIndicator, { online, bridgeReachable });
  const text = root.textContent?.trim() ?? '';
  root.remove();
  return text;
}

describe('OnlineIndicator', () => {
  it('says Online only once Satchel’s server has answered', () => {
    expect(label(true, true)).toBe('Online');
    expect(label(true, null)).not.toBe('Online');
    expect(label(true, false)).not.toBe('Online');
    expect(label(false, true)).toBe('Offline');
  });

  it('never says "bridge" to the user', () => {
    for (const reachable of [true, false, null]) {
      const root = mountComponent(OnlineIndicator, { online: true, bridgeReachable: reachable });
      const indicator = root.querySelector('[role="status"]')!;
      expect(`${indicator.textContent} ${indicator.getAttribute('title')}`).not.toMatch(/bridge/i);
      root.remove();
    }
  });
});
