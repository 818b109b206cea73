// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import PolicyFields from '../../../../web/src/lib/settings/PolicyFields.svelte';
import { mountComponent } from '../support/mount-component.ts';

function render(props: Parameters<typeof PolicyFields>[1]): HTMLFieldSetElement {
  mountComponent(PolicyFields, props);
  return document.querySelector('fieldset')!;
}

describe('PolicyFields', () => {
  it('tells the user why a delete policy does nothing on a server without UIDL, and ties it to the choices', () => {
    const fieldset = render({ kind: 'delete-after-days', days: 30, persisted: true, serverHasNoUidl: true });
    const note = fieldset.querySelector('[role="note"]')!;
    expect(note.textContent).toMatch(/no UIDL command.*deletes nothing on the server/);
    expect(fieldset.getAttribute('aria-describedby')).toBe(note.id);
  });

  it('shows no notice for a server with UIDL and persistent storage', () => {
    const fieldset = render({ kind: 'delete-after-days', days: 30, persisted: true, serverHasNoUidl: false });
    expect(fieldset.querySelector('[role="note"]')).toBeNull();
    expect(fieldset.hasAttribute('aria-describedby')).toBe(false);
  });
});
