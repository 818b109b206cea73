// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import EmptyInbox from '../../../../web/src/lib/shell/EmptyInbox.svelte';
import { mountComponent } from '../support/mount-component.ts';

describe('EmptyInbox', () => {
  it('does not say "No mail here yet" while a sync is bringing the first mail', () => {
    const root = mountComponent(EmptyInbox, { hasAccounts: true, loading: false, syncing: true });
    expect(root.textContent).not.toMatch(/No mail here yet/);
    expect(root.textContent).toMatch(/Downloading your mail/);
  });

  it('says there is no mail once no sync is running', () => {
    const root = mountComponent(EmptyInbox, { hasAccounts: true, loading: false, syncing: false });
    expect(root.textContent).toMatch(/No mail here yet/);
  });
});
