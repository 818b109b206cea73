// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { Appearance, APPEARANCE_KEY } from '../../../../web/src/lib/shell/appearance.svelte.ts';

describe('Appearance', () => {
  afterEach(() => localStorage.clear());

  it('follows the system by default: no theme attribute, comfortable rows', () => {
    const root = document.createElement('html');
    const appearance = new Appearance(localStorage, root);
    expect(appearance.theme).toBe('system');
    expect(root.hasAttribute('data-theme')).toBe(false);
    expect(root.dataset.density).toBe('comfortable');
  });

  it('applies a chosen theme and density to the root and keeps them for the next visit', () => {
    const root = document.createElement('html');
    new Appearance(localStorage, root).set({ theme: 'dark', density: 'compact' });
    expect(root.dataset.theme).toBe('dark');
    expect(root.dataset.density).toBe('compact');
    const nextVisit = document.createElement('html');
    const again = new Appearance(localStorage, nextVisit);
    expect([again.theme, again.density]).toEqual(['dark', 'compact']);
    expect(nextVisit.dataset.theme).toBe('dark');
    again.set({ theme: 'system' });
    expect(nextVisit.hasAttribute('data-theme')).toBe(false);
  });

  it('falls back to the defaults when the stored entry is damaged', () => {
    localStorage.setItem(APPEARANCE_KEY, '{"theme":"purple"');
    const appearance = new Appearance(localStorage, document.createElement('html'));
    expect([appearance.theme, appearance.density]).toEqual(['system', 'comfortable']);
  });
});
