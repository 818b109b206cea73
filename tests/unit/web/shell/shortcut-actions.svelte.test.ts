// @vitest-environment jsdom
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { AppNavigation, type OpenMessage } from '../../../../web/src/lib/shell/app-navigation.svelte.ts';
import { runShortcut, type ShortcutTargets } from '../../../../web/src/lib/shell/shortcut-actions.ts';

const messages: OpenMessage[] = [
  { accountId: 'a', uid: '1' },
  { accountId: 'a', uid: '2' },
  { accountId: 'b', uid: '3' },
];

function workspace() {
  const navigation = new AppNavigation();
  const focused: string[] = [];
  const help = { open: false, show: vi.fn() };
  const remove = vi.fn(async (_message: OpenMessage) => undefined);
  const targets: ShortcutTargets = { navigation, messages: () => messages, remove, help, focus: (place) => focused.push(place) };
  return { navigation, focused, help, remove, targets };
}

describe('runShortcut', () => {
  it('j opens the first message when none is open, then each next one, and puts focus in the reader', () => {
    const { navigation, focused, targets } = workspace();
    expect(runShortcut('next', targets)).toBe(true);
    expect(navigation.selected).toEqual(messages[0]);
    runShortcut('next', targets);
    expect(navigation.selected).toEqual(messages[1]);
    expect(focused).toEqual(['reader', 'reader']);
  });

  it('j at the last message and k at the first stay put', () => {
    const { navigation, targets } = workspace();
    navigation.open(messages[2]!);
    expect(runShortcut('next', targets)).toBe(false);
    expect(navigation.selected).toEqual(messages[2]);
    runShortcut('previous', targets);
    runShortcut('previous', targets);
    expect(runShortcut('previous', targets)).toBe(false);
    expect(navigation.selected).toEqual(messages[0]);
  });

  it('o opens the first message when none is open, else moves into the open one', () => {
    const { navigation, focused, targets } = workspace();
    runShortcut('open', targets);
    expect(navigation.selected).toEqual(messages[0]);
    navigation.open(messages[1]!);
    runShortcut('open', targets);
    expect(navigation.selected).toEqual(messages[1]);
    expect(focused).toEqual(['reader', 'reader']);
  });

  it('u and Escape close the message and return focus to the list', () => {
    for (const action of ['back', 'escape'] as const) {
      const { navigation, focused, targets } = workspace();
      navigation.open(messages[1]!);
      expect(runShortcut(action, targets)).toBe(true);
      expect(navigation.selected).toBeNull();
      expect(focused).toEqual(['list']);
      expect(runShortcut(action, targets), 'nothing open: the key keeps its default').toBe(false);
    }
  });

  it('# deletes the open message, and nothing when none is open', async () => {
    const { navigation, remove, targets } = workspace();
    expect(runShortcut('remove', targets)).toBe(false);
    navigation.open(messages[2]!);
    expect(runShortcut('remove', targets)).toBe(true);
    expect(remove).toHaveBeenCalledWith(messages[2]);
  });

  it('? opens the help sheet on any view; the message keys do nothing outside the inbox', () => {
    const { navigation, help, targets } = workspace();
    navigation.showSettings();
    expect(runShortcut('next', targets)).toBe(false);
    expect(navigation.selected).toBeNull();
    expect(runShortcut('help', targets)).toBe(true);
    expect(help.show).toHaveBeenCalled();
  });

  it('Escape leaves the settings for the inbox shown before, with focus back on the Settings entry', () => {
    const { navigation, focused, targets } = workspace();
    navigation.showInbox('b');
    navigation.open(messages[2]!);
    navigation.showSettings();
    expect(runShortcut('escape', targets)).toBe(true);
    expect(navigation.view).toEqual({ kind: 'inbox', accountId: 'b' });
    expect(navigation.selected).toEqual(messages[2]);
    expect(focused).toEqual(['settings-entry']);
    expect(runShortcut('escape', targets), 'back in the inbox, Escape closes the message').toBe(true);
    expect(focused).toEqual(['settings-entry', 'list']);
  });

  it('Escape leaves an account form (focus still on the sidebar entry that opened it) for that account, with focus on its list', () => {
    const { navigation, focused, targets } = workspace();
    navigation.showAccountForm('b');
    expect(runShortcut('escape', targets)).toBe(true);
    expect(navigation.view).toEqual({ kind: 'inbox', accountId: 'b' });
    expect(focused).toEqual(['list']);
  });

  it('/ focuses the search field once there is one, and does nothing before', async () => {
    const { targets } = workspace();
    const { focus: _focus, ...realFocus } = targets;
    expect(runShortcut('search', realFocus)).toBe(false);
    document.body.innerHTML = '<input id="q" type="search" aria-keyshortcuts="/">';
    expect(runShortcut('search', realFocus)).toBe(true);
    await tick();
    expect(document.activeElement?.id).toBe('q');
    document.body.innerHTML = '';
  });
});
