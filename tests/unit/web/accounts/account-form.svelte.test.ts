// @vitest-environment jsdom
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import AccountForm from '../../../../web/src/lib/accounts/AccountForm.svelte';
import { mountComponent } from '../support/mount-component.ts';

const targets = [{ name: 'mail', label: 'Mail', tls: 'implicit' as const }];

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
    flushSync();
  }
}

function render(onsave = vi.fn(() => Promise.resolve())) {
  const root = mountComponent(AccountForm, { targets, account: null, remembered: false, canRemember: true, persisted: true, onsave, oncancel: vi.fn() });
  const field = (testid: string) => root.querySelector<HTMLInputElement>(`[data-testid="${testid}"]`)!;
  return { root, field, onsave };
}

describe('AccountForm errors', () => {
  it('ties each error to its field, moves focus to the first, and announces how many there are', async () => {
    const { root, field, onsave } = render();
    field('account-user').value = 'ada';
    field('account-user').dispatchEvent(new Event('input', { bubbles: true }));
    root.querySelector('form')!.requestSubmit();
    await settle();
    expect(onsave).not.toHaveBeenCalled();
    for (const [testid, message] of [['account-name', 'Give the account a name.'], ['account-password', 'Enter your password.']] as const) {
      expect(field(testid).getAttribute('aria-invalid')).toBe('true');
      expect(document.getElementById(field(testid).getAttribute('aria-describedby')!)?.textContent).toBe(message);
    }
    expect(field('account-user').getAttribute('aria-invalid')).toBe('false');
    expect(field('account-user').hasAttribute('aria-describedby')).toBe(false);
    expect(document.activeElement).toBe(field('account-name'));
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('2 fields need attention.');
  });

  it('ties the days of a delete policy to its error', async () => {
    const { root, field } = render();
    root.querySelector<HTMLInputElement>('input[value="delete-after-days"]')!.click();
    const days = root.querySelector<HTMLInputElement>('input.days')!;
    days.value = '0';
    days.dispatchEvent(new Event('input', { bubbles: true }));
    for (const [testid, value] of [['account-name', 'Work'], ['account-user', 'ada'], ['account-password', 'secret']] as const) {
      field(testid).value = value;
      field(testid).dispatchEvent(new Event('input', { bubbles: true }));
    }
    root.querySelector('form')!.requestSubmit();
    await settle();
    expect(days.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(days.getAttribute('aria-describedby')!)?.textContent).toBe('Enter a number of days from 1 to 3650.');
    expect(document.activeElement).toBe(days);
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('One field needs attention.');
  });
});
