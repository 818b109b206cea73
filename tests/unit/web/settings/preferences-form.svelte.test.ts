// @vitest-environment jsdom
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import PreferencesForm from '../../../../web/src/lib/settings/PreferencesForm.svelte';
import { SyncPreferences } from '../../../../web/src/lib/settings/sync-preferences.svelte.ts';
import { FakeLocalStorage } from '../accounts/fake-local-storage.ts';
import { mountComponent } from '../support/mount-component.ts';

function change(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  flushSync();
}

describe('PreferencesForm errors', () => {
  it('keeps a value out of range unsaved, ties its error to the field and announces it', () => {
    const preferences = new SyncPreferences(new FakeLocalStorage());
    const before = preferences.values.intervalMinutes;
    const root = mountComponent(PreferencesForm, { preferences });
    const interval = root.querySelector<HTMLInputElement>('[data-testid="pref-interval"]')!;
    change(interval, '0');
    expect(preferences.values.intervalMinutes).toBe(before);
    expect(interval.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(interval.getAttribute('aria-describedby')!)?.textContent).toBe('Enter a number of minutes from 1 to 1440.');
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('Enter a number of minutes from 1 to 1440.');

    change(interval, '30');
    expect(preferences.values.intervalMinutes).toBe(30);
    expect(interval.getAttribute('aria-invalid')).toBe('false');
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('');
  });

  it('takes an empty size as no limit', () => {
    const preferences = new SyncPreferences(new FakeLocalStorage());
    const root = mountComponent(PreferencesForm, { preferences });
    const budget = root.querySelector<HTMLInputElement>('[data-testid="pref-byte-budget"]')!;
    change(budget, '');
    expect(preferences.values.byteBudget).toBeNull();
    expect(budget.getAttribute('aria-invalid')).toBe('false');
  });
});
