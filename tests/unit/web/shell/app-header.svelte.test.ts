// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import AppHeader from '../../../../web/src/lib/shell/AppHeader.svelte';
import { mountComponent } from '../support/mount-component.ts';

const base = { online: true, bridgeReachable: true, running: false, progress: null, progressAccountName: null, lastSyncedAt: null, onsyncnow: vi.fn() };

describe('AppHeader', () => {
  it('says whether the menu is open and which element it shows', () => {
    for (const menuOpen of [false, true]) {
      const root = mountComponent(AppHeader, { ...base, onmenu: vi.fn(), menuOpen, menuControls: 'sidebar' });
      const menu = root.querySelector('[data-testid="menu"]')!;
      expect(menu.getAttribute('aria-expanded')).toBe(String(menuOpen));
      expect(menu.getAttribute('aria-controls')).toBe('sidebar');
      root.remove();
    }
  });

  it('does not put the relative "last synced" clock in a live region', () => {
    const root = mountComponent(AppHeader, { ...base, lastSyncedAt: Date.now() - 5 * 60_000 });
    const status = root.querySelector('[data-testid="sync-status"]')!;
    expect(status.textContent).toMatch(/Last synced/);
    expect(status.closest('[role="status"], [role="log"], [role="alert"], [aria-live]')).toBeNull();
  });
});
