// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenForShortcuts, shortcutFor } from '../../../../web/src/lib/shell/keyboard-shortcuts.ts';

/** Dispatches a keydown on `target` (bubbling to window) and returns the event. */
function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

function mounted(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body.firstElementChild as HTMLElement;
}

/** The action a key pressed on `target` means. */
function actionOf(target: EventTarget, key: string, init: KeyboardEventInit = {}): string | null {
  let seen: string | null = 'not dispatched';
  const listener = (event: Event) => (seen = shortcutFor(event as KeyboardEvent));
  window.addEventListener('keydown', listener);
  press(target, key, init);
  window.removeEventListener('keydown', listener);
  return seen;
}

describe('shortcutFor', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('maps the Gmail keys to their actions', () => {
    expect(actionOf(document.body, 'j')).toBe('next');
    expect(actionOf(document.body, 'k')).toBe('previous');
    expect(actionOf(document.body, 'o')).toBe('open');
    expect(actionOf(document.body, 'Enter')).toBe('open');
    expect(actionOf(document.body, 'u')).toBe('back');
    expect(actionOf(document.body, 'Escape')).toBe('escape');
    expect(actionOf(document.body, '#', { shiftKey: true })).toBe('remove');
    expect(actionOf(document.body, 'Delete')).toBe('remove');
    expect(actionOf(document.body, '/')).toBe('search');
    expect(actionOf(document.body, '?', { shiftKey: true })).toBe('help');
  });

  it('never fires while typing in an input, a textarea, a select or contenteditable', () => {
    for (const html of ['<input>', '<textarea></textarea>', '<select><option>a</option></select>', '<div contenteditable="true"><b>x</b></div>']) {
      const field = mounted(html);
      const inner = field.querySelector('b') ?? field;
      expect(actionOf(inner, 'j'), html).toBeNull();
      expect(actionOf(inner, '/'), html).toBeNull();
      expect(actionOf(inner, '?', { shiftKey: true }), html).toBeNull();
    }
  });

  it('never fires with Ctrl, Meta or Alt held, nor with Shift on a letter', () => {
    expect(actionOf(document.body, 'j', { ctrlKey: true })).toBeNull();
    expect(actionOf(document.body, 'k', { metaKey: true })).toBeNull();
    expect(actionOf(document.body, 'o', { altKey: true })).toBeNull();
    expect(actionOf(document.body, 'U', { shiftKey: true })).toBeNull();
  });

  it('leaves Enter to a focused button and keys inside a dialog to the dialog', () => {
    const button = mounted('<button type="button">Sync now</button>');
    expect(actionOf(button, 'Enter')).toBeNull();
    expect(actionOf(button, 'j')).toBe('next');
    const dialog = mounted('<div role="alertdialog"><button type="button">Keep it</button></div>');
    expect(actionOf(dialog.querySelector('button')!, 'Escape')).toBeNull();
  });

  it('leaves a key another handler already took', () => {
    const list = mounted('<div role="listbox" tabindex="0"></div>');
    list.addEventListener('keydown', (event) => event.preventDefault());
    expect(actionOf(list, 'j')).toBeNull();
  });
});

describe('listenForShortcuts', () => {
  it('runs the action and keeps the key from doing anything else only when the action did something', () => {
    const run = vi.fn((action: string) => action === 'next');
    const stop = listenForShortcuts(window, run);
    expect(press(document.body, 'j').defaultPrevented).toBe(true);
    expect(press(document.body, 'k').defaultPrevented).toBe(false);
    expect(run.mock.calls.map(([action]) => action)).toEqual(['next', 'previous']);
    stop();
    press(document.body, 'j');
    expect(run).toHaveBeenCalledTimes(2);
  });
});
