// @vitest-environment jsdom
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { DeleteUndo } from '../../../../web/src/lib/reader/delete-undo.svelte.ts';
import UndoDeleteToast from '../../../../web/src/lib/reader/UndoDeleteToast.svelte';
import { openFresh } from '../storage/storage-fixtures.ts';
import { mountComponent } from '../support/mount-component.ts';

describe('UndoDeleteToast', () => {
  it('Dismiss hands focus back to the control it came from, not to <body>', async () => {
    const db = await openFresh();
    const undo = new DeleteUndo(db);
    const target = mountComponent(UndoDeleteToast, { undo, onundone: () => undefined });
    const before = document.createElement('button');
    before.textContent = 'Save as .eml';
    document.body.prepend(before);
    undo.offer({ accountId: 'acct-1', uid: 'u1', subject: 'Hello' });
    flushSync();

    before.focus();
    target.querySelector<HTMLButtonElement>('[data-testid="undo-delete"]')!.focus();
    const dismiss = target.querySelector<HTMLButtonElement>('[aria-label="Dismiss"]')!;
    dismiss.focus();
    dismiss.click();
    flushSync();
    expect(target.querySelector('[data-testid="undo-toast"]')).toBeNull();
    expect(document.activeElement).toBe(before);
    db.close();
  });
});
