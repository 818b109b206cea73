// @vitest-environment jsdom
import { flushSync, tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../../../web/src/lib/shell/keyboard-shortcuts.ts';
import { ShortcutHelp } from '../../../../web/src/lib/shell/shortcut-help.svelte.ts';
import ShortcutHelpSheet from '../../../../web/src/lib/shell/ShortcutHelpSheet.svelte';
import { mountComponent } from '../support/mount-component.ts';

describe('ShortcutHelpSheet', () => {
  it('lists every shortcut in a labelled dialog that takes focus, and gives it back on close', async () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    const help = new ShortcutHelp();
    const root = mountComponent(ShortcutHelpSheet, { help });
    expect(root.querySelector('dialog')).toBeNull();

    help.show();
    flushSync();
    const dialog = root.querySelector('dialog')!;
    expect(dialog.getAttribute('aria-labelledby')).toBe('shortcut-help-title');
    expect(dialog.querySelector('#shortcut-help-title')?.textContent).toBe('Keyboard shortcuts');
    expect(dialog.querySelectorAll('dd')).toHaveLength(SHORTCUTS.length);
    expect(Array.from(dialog.querySelectorAll('kbd'), (k) => k.textContent)).toEqual(expect.arrayContaining(['j', 'k', 'o', 'u', 'Esc', '#', '/', '?']));
    expect(document.activeElement?.textContent).toBe('Close');

    (document.activeElement as HTMLButtonElement).click();
    await tick();
    expect(root.querySelector('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('closes on Escape (the dialog’s cancel)', () => {
    const help = new ShortcutHelp();
    const root = mountComponent(ShortcutHelpSheet, { help });
    help.show();
    flushSync();
    root.querySelector('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true }));
    flushSync();
    expect(help.open).toBe(false);
    expect(root.querySelector('dialog')).toBeNull();
  });
});
