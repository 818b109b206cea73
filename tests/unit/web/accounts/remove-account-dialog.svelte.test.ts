// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import RemoveAccountDialog from '../../../../web/src/lib/accounts/RemoveAccountDialog.svelte';
import type { AccountRecord } from '../../../../web/src/lib/storage/schema.ts';
import { mountComponent } from '../support/mount-component.ts';

const account: AccountRecord = { id: 'a1', displayName: 'Work', targetName: 't', userName: 'ada', authMethod: 'user-pass', policy: { kind: 'leave' } };

describe('RemoveAccountDialog', () => {
  it('takes focus on the choice that keeps the mail, so a keyboard user lands inside the alert', () => {
    mountComponent(RemoveAccountDialog, { account, onconfirm: vi.fn(), oncancel: vi.fn() });
    expect(document.activeElement?.textContent).toBe('Keep it');
    expect(document.activeElement?.closest('[role="alertdialog"]')).not.toBeNull();
  });

  it('cancels on Escape and never confirms', () => {
    const onconfirm = vi.fn();
    const oncancel = vi.fn();
    const root = mountComponent(RemoveAccountDialog, { account, onconfirm, oncancel });
    root.querySelector('[role="alertdialog"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(oncancel).toHaveBeenCalledTimes(1);
    expect(onconfirm).not.toHaveBeenCalled();
  });
});
