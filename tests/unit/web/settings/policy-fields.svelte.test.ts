// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import PolicyFields from '../../../../web/src/lib/settings/PolicyFields.svelte';

let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (mounted !== null) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});

function render(props: Parameters<typeof PolicyFields>[1]): HTMLFieldSetElement {
  mounted = mount(PolicyFields, { target: document.body, props });
  flushSync();
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
