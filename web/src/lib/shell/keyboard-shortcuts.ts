// The Gmail keys people already know, mapped to actions the workspace provides. This module
// only decides which action a key press means; what the action does is the workspace's.

export type ShortcutAction = 'next' | 'previous' | 'open' | 'back' | 'escape' | 'remove' | 'search' | 'help';

export interface Shortcut {
  /** KeyboardEvent.key values that trigger it. */
  keys: readonly string[];
  action: ShortcutAction;
  /** What the help sheet says it does. */
  description: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['j'], action: 'next', description: 'Open the next (older) message' },
  { keys: ['k'], action: 'previous', description: 'Open the previous (newer) message' },
  { keys: ['o', 'Enter'], action: 'open', description: 'Open the message; move into the reader' },
  // Gmail's u returns to the list (its Shift+U marks unread); Satchel follows the first.
  { keys: ['u'], action: 'back', description: 'Back to the message list' },
  { keys: ['Escape'], action: 'escape', description: 'Close the message, the settings or this help' },
  { keys: ['#', 'Delete'], action: 'remove', description: 'Delete the open message from this device' },
  { keys: ['/'], action: 'search', description: 'Search your mail' },
  { keys: ['?'], action: 'help', description: 'Show these shortcuts' },
];

/** The search field, whoever renders it: the control that declares `/` as its shortcut. */
export const SEARCH_FIELD_SELECTOR = '[aria-keyshortcuts~="/"]';

/** Where typing goes: a key there is text, never a shortcut. */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null) return true;
  return target instanceof HTMLElement && target.isContentEditable;
}

/** Enter already means something on a control: pressing it, choosing an option. */
function ownsEnter(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('button, a[href], summary, [role="button"], [role="option"], [role="listbox"], [role="menuitem"]') !== null;
}

/** The action a key press means, or null when it is not a shortcut here. */
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isEditable(event.target)) return null;
  // A dialog owns its keys (Escape closes it, Enter confirms).
  if (event.target instanceof Element && event.target.closest('dialog, [role="dialog"], [role="alertdialog"]') !== null) return null;
  if (event.key === 'Enter' && ownsEnter(event.target)) return null;
  // Shift is how `#` and `?` are typed; with a letter it is another shortcut (Gmail's U).
  if (event.shiftKey && /^[a-z]$/i.test(event.key)) return null;
  return SHORTCUTS.find((shortcut) => shortcut.keys.includes(event.key))?.action ?? null;
}

/** Listens on `target` and runs the action of each shortcut; returns the function that stops it. */
export function listenForShortcuts(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, run: (action: ShortcutAction) => boolean): () => void {
  const onkeydown = (event: Event): void => {
    const action = shortcutFor(event as KeyboardEvent);
    if (action !== null && run(action)) event.preventDefault();
  };
  target.addEventListener('keydown', onkeydown);
  return () => target.removeEventListener('keydown', onkeydown);
}
