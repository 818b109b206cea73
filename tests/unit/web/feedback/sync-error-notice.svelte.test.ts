// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import SyncErrorNotice from '../../../../web/src/lib/feedback/SyncErrorNotice.svelte';
import { mountComponent } from '../support/mount-component.ts';

describe('SyncErrorNotice', () => {
  it('says the user is offline, not that a link dropped, when a sync ends on a lost link offline', () => {
    const root = mountComponent(SyncErrorNotice, { code: 'TUNNEL_ERR_CLOSED', accountName: 'Work', link: { online: false, serverReachable: null }, ondismiss: vi.fn() });
    const alert = root.querySelector('[role="alert"]')!;
    expect(alert.textContent).toMatch(/You’re offline/);
    expect(alert.textContent).not.toMatch(/dropped|bridge/i);
  });

  it('names the account in the Dismiss button, so several problems can be told apart', () => {
    const ondismiss = vi.fn();
    const root = mountComponent(SyncErrorNotice, { code: 'POP3_ERR_AUTH', accountName: 'Home', link: { online: true, serverReachable: true }, ondismiss });
    const button = root.querySelector('button')!;
    expect(button.textContent).toBe('Dismiss the problem with Home');
    button.click();
    expect(ondismiss).toHaveBeenCalledTimes(1);
  });
});
