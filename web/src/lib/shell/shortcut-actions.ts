// What each keyboard shortcut does to the workspace: which message opens, and where focus goes
// so the next key (or a screen reader) carries on from there.
import { tick } from 'svelte';
import type { AppNavigation, OpenMessage } from './app-navigation.svelte.ts';
import { SEARCH_FIELD_SELECTOR, type ShortcutAction } from './keyboard-shortcuts.ts';

/** Ids MailWorkspace gives the panes, so focus can be put there. */
export const PANE_IDS = { list: 'message-list-pane', reader: 'reader-pane' } as const;
/** The sidebar's Settings entry: leaving the settings puts focus back on it. */
export const SETTINGS_ENTRY_ID = 'settings-entry';

type FocusPlace = 'list' | 'reader' | 'search' | 'settings-entry';

export interface ShortcutTargets {
  navigation: AppNavigation;
  /** The messages of the list, in its order. */
  messages: () => readonly OpenMessage[];
  remove: (message: OpenMessage) => Promise<void>;
  help: { readonly open: boolean; show(): void };
  /** Moves focus once the view has updated; @default focusAfterRender */
  focus?: (place: FocusPlace) => void;
}

/** The list's listbox when it has rows, else the pane; the reader pane; the search field; the Settings entry. */
function focusTarget(place: FocusPlace): HTMLElement | null {
  if (place === 'search') return document.querySelector<HTMLElement>(SEARCH_FIELD_SELECTOR);
  if (place === 'settings-entry') {
    const entry = document.getElementById(SETTINGS_ENTRY_ID);
    // On a narrow window it is folded away with the sidebar: the list takes focus instead.
    return entry !== null && entry.getClientRects().length > 0 ? entry : focusTarget('list');
  }
  const pane = document.getElementById(PANE_IDS[place]);
  return (place === 'list' ? pane?.querySelector<HTMLElement>('[role="listbox"]') : null) ?? pane;
}

/** Puts focus on `place` once the view has updated. */
export function focusAfterRender(place: FocusPlace): void {
  void tick().then(() => focusTarget(place)?.focus());
}

function isSame(a: OpenMessage, b: OpenMessage): boolean {
  return a.accountId === b.accountId && a.uid === b.uid;
}

/** Runs `action`; returns false when it means nothing here (so the key keeps its default). */
export function runShortcut(action: ShortcutAction, targets: ShortcutTargets): boolean {
  const { navigation } = targets;
  const focus = targets.focus ?? focusAfterRender;
  if (action === 'help') {
    targets.help.show();
    return true;
  }
  if (action === 'search') {
    if (focusTarget('search') === null) return false;
    focus('search');
    return true;
  }
  if (navigation.view.kind === 'settings' && action === 'escape') {
    // As a dialog would: back where the user was, focus on the control that opened them.
    navigation.leaveSettings();
    focus('settings-entry');
    return true;
  }
  if (navigation.view.kind === 'account-form' && action === 'escape') {
    // As its Cancel button does: back to that account's mail, focus on its list.
    navigation.showInbox(navigation.view.accountId);
    focus('list');
    return true;
  }
  if (navigation.view.kind !== 'inbox') return false;
  const selected = navigation.selected;
  const messages = targets.messages();
  const at = selected === null ? -1 : messages.findIndex((m) => isSame(m, selected));
  const openAt = (index: number): boolean => {
    const message = messages[index];
    if (message === undefined) return false;
    navigation.open(message);
    focus('reader');
    return true;
  };
  switch (action) {
    case 'next':
      return openAt(at + 1);
    case 'previous':
      return openAt(at < 0 ? 0 : at - 1);
    case 'open':
      if (selected === null) return openAt(0);
      focus('reader');
      return true;
    case 'back':
    case 'escape':
      if (selected === null) return false;
      navigation.close();
      focus('list');
      return true;
    case 'remove':
      if (selected === null) return false;
      // A failed delete leaves the message as it was; the reader's own button can say why.
      void targets.remove(selected).then(
        () => focus('list'),
        () => undefined,
      );
      return true;
  }
}
