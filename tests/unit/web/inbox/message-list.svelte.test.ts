// @vitest-environment jsdom
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
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

function render(props: Partial<Parameters<typeof MessageList>[1]> & { messages: MessageRecord[] }): HTMLElement {
  return mountComponent(MessageList, { selected: null, onselect: () => undefined, ...props });
}

describe('MessageList', () => {
  it('puts only a window of rows in the DOM for 10,000 messages', () => {
    const messages = Array.from({ length: 10_000 }, (_, n) => record(n));
    const target = render({ messages });
    const rows = target.querySelectorAll('[data-testid="message-row"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(50);
    expect(rows[0]?.getAttribute('data-uid')).toBe('u0');
    expect(rows[0]?.getAttribute('aria-setsize')).toBe('10000');
  });

  it('marks the selected message with aria-selected and shows unread, no-subject, attachment and preview-only', () => {
    const messages = [
      record(0, { subject: '  ', attachments: [{ filename: 'a.pdf', mimeType: 'application/pdf', size: 1, contentId: null }] }),
      record(1, { flags: { seen: true }, state: 'header', from: { name: 'Ada', address: 'ada@example.org' } }),
    ];
    const target = render({ messages, selected: { accountId: 'acct-1', uid: 'u1' } });
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

  it('opens the active message with Enter after moving down with the arrow key', () => {
    const onselect = vi.fn();
    const target = render({ messages: [record(0), record(1), record(2)], onselect });
    const listbox = target.querySelector('[role="listbox"]')!;
    listbox.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    flushSync();
    listbox.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(onselect).toHaveBeenCalledTimes(1);
    expect(onselect.mock.calls[0]?.[0].uid).toBe('u1');
    expect(listbox.getAttribute('aria-activedescendant')).toBe(target.querySelectorAll('[role="option"]')[1]?.id);
  });

  it('asks for more when the rendered rows reach the end of what is loaded', () => {
    const onneedmore = vi.fn();
    render({ messages: Array.from({ length: 30 }, (_, n) => record(n)), onneedmore });
    expect(onneedmore).toHaveBeenCalled();
  });

  it('does not ask for more while far from the end', () => {
    const onneedmore = vi.fn();
    render({ messages: Array.from({ length: 5_000 }, (_, n) => record(n)), onneedmore });
    expect(onneedmore).not.toHaveBeenCalled();
  });

  it('marks a message whose download failed with text and reads the whole sentence out with it', () => {
    const lastAt = Date.now();
    const target = render({
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

  it('marks a message whose metadata could not be read fully, in words from its code', () => {
    const target = render({ messages: [record(0, { metadataIssue: 'SYNC_ERR_MESSAGE_UNREADABLE' })] });
    const mark = target.querySelector('[data-testid="row-metadata-issue"]');
    expect(mark?.getAttribute('data-error-code')).toBe('SYNC_ERR_MESSAGE_UNREADABLE');
    expect(mark?.textContent).toMatch(/^⚠Details incomplete: This message is built in a way Satchel could not read, .*open or export it to see it\.$/);
    expect(mark?.querySelector('[aria-hidden="true"]')?.textContent).toBe('⚠');
  });

  it('shows a placeholder as details not downloaded yet, with its size, instead of an empty subject', () => {
    const placeholder = record(0, { state: 'header', from: null, subject: '', snippet: '', size: 12_288, preview: new Uint8Array(0) });
    // A real preview whose subject is empty is not a placeholder: it has no subject.
    const noSubject = record(1, { state: 'header', subject: '', preview: new TextEncoder().encode('From: a@example.org\r\n\r\n') });
    const target = render({ messages: [placeholder, noSubject] });
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

  it('shows the account label when asked to', () => {
    const target = render({ messages: [record(0)], showAccount: () => 'Work' });
    expect(target.querySelector('.account')?.textContent).toBe('Work');
  });
});
