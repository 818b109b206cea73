// @vitest-environment jsdom
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { ListWindow } from '../../../../web/src/lib/inbox/list-window.svelte.ts';
import MessageList from '../../../../web/src/lib/inbox/MessageList.svelte';
import type { MessageRecord } from '../../../../web/src/lib/storage/index.ts';
import { mountComponent } from '../support/mount-component.ts';

function record(n: number, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    accountId: 'acct-1', uid: `u${n}`, from: { name: '', address: `s${n}@example.org` }, to: [], cc: [], subject: `Subject ${n}`,
    date: Date.UTC(2025, 0, 1) - n * 60_000, size: 10, snippet: `snippet ${n}`, attachments: [], flags: { seen: false },
    state: 'complete', storedAt: 0, deletedLocally: false, ...overrides,
  };
}

// jsdom has no layout, hence no ResizeObserver (bind:clientHeight uses one); heights read as 0,
// so the list renders its overscan rows only, which is enough to test what is in a row.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

/** The messages as the list reads them: a ListWindow over an in-memory row source, counted. */
async function windowOf(messages: MessageRecord[]): Promise<ListWindow<MessageRecord>> {
  const rows = new ListWindow<MessageRecord>({ count: async () => messages.length, rows: async (start, end) => messages.slice(start, end) });
  await rows.refresh();
  return rows;
}

type ListProps = Parameters<typeof MessageList>[1];

async function render(props: Partial<Omit<ListProps, 'rows'>> & { messages: MessageRecord[] }): Promise<HTMLElement> {
  const { messages, ...rest } = props;
  return mountComponent(MessageList, { selected: null, onselect: () => undefined, rows: await windowOf(messages), ...rest });
}

describe('MessageList', () => {
  it('puts only a window of rows in the DOM for 10,000 messages', async () => {
    const messages = Array.from({ length: 10_000 }, (_, n) => record(n));
    const target = await render({ messages });
    const rows = target.querySelectorAll('[data-testid="message-row"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(50);
    expect(rows[0]?.getAttribute('data-uid')).toBe('u0');
    expect(rows[0]?.getAttribute('aria-setsize')).toBe('10000');
  });

  it('marks the selected message with aria-selected and shows unread, no-subject, attachment and preview-only', async () => {
    const messages = [
      record(0, { subject: '  ', attachments: [{ filename: 'a.pdf', mimeType: 'application/pdf', size: 1, contentId: null }] }),
      record(1, { flags: { seen: true }, state: 'header', from: { name: 'Ada', address: 'ada@example.org' } }),
    ];
    const target = await render({ messages, selected: { accountId: 'acct-1', uid: 'u1' } });
    const [first, second] = Array.from(target.querySelectorAll('[role="option"]'));
    expect(first?.getAttribute('aria-selected')).toBe('false');
    expect(second?.getAttribute('aria-selected')).toBe('true');
    expect(first?.classList.contains('unread')).toBe(true);
    expect(second?.classList.contains('unread')).toBe(false);
    expect(first?.textContent).toContain('(no subject)');
    expect(first?.textContent).toContain('s0@example.org');
    expect(first?.querySelector('[aria-label="Has attachments"]')).not.toBeNull();
    expect(second?.textContent).toContain('Ada');
    expect(second?.textContent).toContain('preview only');
  });

  it('opens the active message with Enter after moving down with the arrow key', async () => {
    const onselect = vi.fn();
    const target = await render({ messages: [record(0), record(1), record(2)], onselect });
    const listbox = target.querySelector('[role="listbox"]')!;
    listbox.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    flushSync();
    listbox.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(onselect).toHaveBeenCalledTimes(1);
    expect(onselect.mock.calls[0]?.[0].uid).toBe('u1');
    expect(listbox.getAttribute('aria-activedescendant')).toBe(target.querySelectorAll('[role="option"]')[1]?.id);
  });

  it('marks a message whose download failed with text and reads the whole sentence out with it', async () => {
    const lastAt = Date.now();
    const target = await render({
      messages: [
        record(0, { state: 'header', fetchFailure: { code: 'POP3_ERR_SYS_TEMP', attempts: 1, lastAt } }),
        // Stored whole by a later sync: the old failure no longer matters.
        record(1, { state: 'complete', fetchFailure: { code: 'POP3_ERR_SYS_TEMP', attempts: 1, lastAt } }),
      ],
    });
    expect(target.querySelectorAll('[data-testid="row-fetch-failure"]')).toHaveLength(1);
    const mark = target.querySelector('[data-uid="u0"] [data-testid="row-fetch-failure"]');
    expect(mark?.getAttribute('data-error-code')).toBe('POP3_ERR_SYS_TEMP');
    expect(mark?.textContent).toBe("⚠Couldn't download: the mail server reported a temporary problem. Satchel will try again at the next sync.");
    expect(mark?.querySelector('[aria-hidden="true"]')?.textContent?.trim()).toBe('⚠');
    expect(mark?.querySelector('.visually-hidden')?.textContent).toBe(': the mail server reported a temporary problem. Satchel will try again at the next sync.');
    expect(mark?.getAttribute('title')).toBe("Couldn't download: the mail server reported a temporary problem. Satchel will try again at the next sync.");
    // The failure replaces "preview only": one mark that says more.
    expect(target.textContent).not.toContain('preview only');
  });

  it('marks a message whose metadata could not be read fully, in words from its code', async () => {
    const target = await render({ messages: [record(0, { metadataIssue: 'SYNC_ERR_MESSAGE_UNREADABLE' })] });
    const mark = target.querySelector('[data-testid="row-metadata-issue"]');
    expect(mark?.getAttribute('data-error-code')).toBe('SYNC_ERR_MESSAGE_UNREADABLE');
    expect(mark?.textContent).toMatch(/^⚠Details incomplete: This message is built in a way Satchel could not read, .*open or export it to see it\.$/);
    expect(mark?.querySelector('[aria-hidden="true"]')?.textContent).toBe('⚠');
  });

  it('shows a placeholder as details not downloaded yet, with its size, instead of an empty subject', async () => {
    const placeholder = record(0, { state: 'header', from: null, subject: '', snippet: '', size: 12_288, preview: new Uint8Array(0) });
    // A real preview whose subject is empty is not a placeholder: it has no subject.
    const noSubject = record(1, { state: 'header', subject: '', preview: new TextEncoder().encode('From: a@example.org\r\n\r\n') });
    const target = await render({ messages: [placeholder, noSubject] });
    const row = target.querySelector('[data-uid="u0"]')!;
    expect(row.querySelector('[data-testid="row-subject"]')?.textContent).toBe('Message details not downloaded yet');
    expect(row.querySelector('[data-testid="row-sender"]')?.textContent).toBe('Sender not known yet');
    expect(row.textContent).toContain('12 KB on the server');
    expect(row.textContent).not.toContain('(no subject)');
    expect(row.textContent).not.toContain('preview only');
    const other = target.querySelector('[data-uid="u1"]')!;
    expect(other.querySelector('[data-testid="row-subject"]')?.textContent).toBe('(no subject)');
    expect(other.textContent).toContain('preview only');
  });

  it('shows the account label when asked to', async () => {
    const target = await render({ messages: [record(0)], showAccount: () => 'Work' });
    expect(target.querySelector('.account')?.textContent).toBe('Work');
  });

  it('says the whole mailbox is the set: aria-setsize is the total count, not what is in memory', async () => {
    const messages = Array.from({ length: 10_000 }, (_, n) => record(n));
    const target = await render({ messages });
    const listbox = target.querySelector('[role="listbox"]')!;
    expect(listbox.querySelector('[role="option"]')?.getAttribute('aria-setsize')).toBe('10000');
    const spacer = listbox.querySelector('.spacer') as HTMLElement;
    expect(spacer.style.height).toBe(`${10_000 * 76}px`);
  });

  it('goes to the last message with End, showing it as the active option once its rows are read', async () => {
    // jsdom lays nothing out: give the listbox a height and a scroll position that sticks.
    const heights = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.getAttribute('role') === 'listbox' ? 760 : 0;
    });
    try {
      const messages = Array.from({ length: 10_000 }, (_, n) => record(n));
      const target = await render({ messages });
      const listbox = target.querySelector<HTMLElement>('[role="listbox"]')!;
      let scrollTop = 0;
      Object.defineProperty(listbox, 'scrollTop', { get: () => scrollTop, set: (value: number) => (scrollTop = value) });
      listbox.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
      flushSync();
      expect(scrollTop).toBe(10_000 * 76 - 760);
      const active = () => document.getElementById(listbox.getAttribute('aria-activedescendant') ?? '');
      expect(active()?.getAttribute('aria-posinset')).toBe('10000');
      await vi.waitFor(() => expect(active()?.getAttribute('data-uid')).toBe('u9999'));
    } finally {
      heights.mockRestore();
    }
  });

  it('keeps the unread dot outside the text lines, which clip whatever overflows them', async () => {
    const target = await render({ messages: [record(0)] });
    const dot = target.querySelector('[data-testid="unread-dot"]');
    expect(dot).not.toBeNull();
    expect(dot?.closest('.line')).toBeNull();
    expect(dot?.closest('[role="option"]')?.classList.contains('unread')).toBe(true);
  });

  it('sizes and places rows by the row height CSS gives it, so a larger default font makes taller rows', async () => {
    // 24 px default font: the row probe (--message-row-height, in rem) measures 120 px.
    const probeHeight = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.classList.contains('row-probe') ? 120 : 0;
    });
    try {
      const target = await render({ messages: [record(0), record(1), record(2)] });
      const rows = Array.from(target.querySelectorAll<HTMLElement>('[role="option"]'));
      expect(rows.map((row) => row.style.height)).toEqual(['120px', '120px', '120px']);
      expect(rows.map((row) => row.style.top)).toEqual(['0px', '120px', '240px']);
    } finally {
      probeHeight.mockRestore();
    }
  });

  it('keeps the keyboard position on the open message when a row above it goes away and when it comes back', async () => {
    // A delete: the app opens the next message before the list is read again without the
    // deleted one; an undo: it reopens the message before the list holds it again.
    let messages = [record(0), record(1), record(2), record(3)];
    const rows = new ListWindow<MessageRecord>({ count: async () => messages.length, rows: async (start, end) => messages.slice(start, end) });
    await rows.refresh();
    const props = $state<ListProps>({ rows, selected: { accountId: 'acct-1', uid: 'u1' }, onselect: () => undefined });
    const target = mountComponent(MessageList, props);
    const listbox = target.querySelector('[role="listbox"]')!;
    const active = () => document.getElementById(listbox.getAttribute('aria-activedescendant') ?? '')?.getAttribute('data-uid');
    expect(active()).toBe('u1');

    props.selected = { accountId: 'acct-1', uid: 'u2' };
    flushSync();
    messages = [record(0), record(2), record(3)];
    await rows.refresh();
    flushSync();
    expect(active()).toBe('u2');

    props.selected = { accountId: 'acct-1', uid: 'u1' };
    flushSync();
    messages = [record(0), record(1), record(2), record(3)];
    await rows.refresh();
    flushSync();
    expect(active()).toBe('u1');
  });
});
