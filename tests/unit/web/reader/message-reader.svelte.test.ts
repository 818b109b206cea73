// @vitest-environment jsdom
// The reader as a user meets it (issue 19): where focus goes, Escape, delete, the download of a
// body that was not stored, the plain-text switch, and Save as .eml beside the other buttons.
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import MessageReader from '../../../../web/src/lib/reader/MessageReader.svelte';
import { bodyFormat } from '../../../../web/src/lib/reader/body-format.svelte.ts';
import { commitMessage, type SatchelDatabase } from '../../../../web/src/lib/storage/index.ts';
import type { StoredMessages } from '../../../../web/src/lib/sync/sync-messages.ts';
import { message, openFresh } from '../storage/storage-fixtures.ts';
import { mountComponent } from '../support/mount-component.ts';

// Copied into this realm's Uint8Array: jsdom's TextEncoder hands back another realm's, which storage refuses.
const encode = (text: string) => new Uint8Array(new TextEncoder().encode(text));
const HEAD = 'From: Ada <ada@example.org>\r\nTo: me@example.org\r\nSubject: Minutes\r\nDate: Wed, 01 Jan 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\n';
const PLAIN = encode(`${HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\nThe minutes.\r\n`);
const WITH_ATTACHMENT = encode(
  `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee the plan.\r\n--b\r\nContent-Type: application/pdf; name="plan.pdf"\r\nContent-Disposition: attachment; filename="plan.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n`,
);
const ALTERNATIVE = encode(
  `${HEAD}Content-Type: multipart/alternative; boundary="a"\r\n\r\n--a\r\nContent-Type: text/plain\r\n\r\nPlain words.\r\n--a\r\nContent-Type: text/html\r\n\r\n<p>Rich <b>words</b>.</p>\r\n--a--\r\n`,
);

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    flushSync();
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

const subject = () => document.querySelector<HTMLElement>('[data-testid="message-subject"]');

async function stored(raw: Uint8Array, overrides: Parameters<typeof message>[1] = {}): Promise<SatchelDatabase> {
  const db = await openFresh();
  await commitMessage(db, message('u1', { raw, size: raw.byteLength, subject: 'Minutes', ...overrides }));
  return db;
}

describe('MessageReader', () => {
  it('moves focus to the message heading when opened on purpose, so focus never drops to the page', async () => {
    const db = await stored(PLAIN);
    const list = document.createElement('div');
    list.tabIndex = 0;
    document.body.append(list);
    list.focus();
    mountComponent(MessageReader, { db, accountId: 'acct-1', uid: 'u1', takefocus: true });
    expect(document.activeElement?.getAttribute('data-testid')).toBe('message-reader');
    await until(() => subject() !== null, 'the heading shows');
    await until(() => document.activeElement === subject(), 'focus on the heading');
    db.close();
  });

  it('leaves focus where it is when the arrow keys bring the message into the reading pane', async () => {
    const db = await stored(PLAIN);
    const list = document.createElement('div');
    list.tabIndex = 0;
    document.body.append(list);
    list.focus();
    mountComponent(MessageReader, { db, accountId: 'acct-1', uid: 'u1', takefocus: false });
    await until(() => subject() !== null, 'the heading shows');
    expect(document.activeElement).toBe(list);
    db.close();
  });

  it('closes on Escape', async () => {
    const db = await stored(PLAIN);
    const onclose = vi.fn();
    mountComponent(MessageReader, { db, accountId: 'acct-1', uid: 'u1', takefocus: true, onclose });
    await until(() => subject() !== null, 'the heading shows');
    subject()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onclose).toHaveBeenCalledTimes(1);
    db.close();
  });

  it('reports the deleted message with its subject, so the app can offer Undo', async () => {
    const db = await stored(PLAIN);
    const ondeleted = vi.fn();
    mountComponent(MessageReader, { db, accountId: 'acct-1', uid: 'u1', ondeleted });
    await until(() => subject() !== null, 'the heading shows');
    document.querySelector<HTMLButtonElement>('[data-testid="delete-here"]')!.click();
    await until(() => ondeleted.mock.calls.length === 1, 'ondeleted');
    expect(ondeleted).toHaveBeenCalledWith({ accountId: 'acct-1', uid: 'u1', subject: 'Minutes' });
    expect((await db.get('messages', ['acct-1', 'u1']))?.deletedLocally).toBe(true);
    db.close();
  });

  it('keeps Mark unread focusable while it writes, so the key press that started it keeps focus', async () => {
    const db = await stored(PLAIN);
    mountComponent(MessageReader, { db, accountId: 'acct-1', uid: 'u1' });
    await until(() => document.querySelector('[data-testid="toggle-seen"]')?.textContent?.trim() === 'Mark unread', 'opened and marked read');
    const button = document.querySelector<HTMLButtonElement>('[data-testid="toggle-seen"]')!;
    button.focus();
    button.click();
    flushSync();
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.disabled).toBe(false);
    button.click();
    await until(() => button.textContent?.trim() === 'Mark read', 'marked unread');
    expect(document.activeElement).toBe(button);
    expect((await db.get('messages', ['acct-1', 'u1']))?.flags.seen, 'the press while it wrote did nothing').toBe(false);
    db.close();
  });

  it('puts Save as .eml in the toolbar beside Delete, not on a row of its own', async () => {
    const db = await stored(PLAIN);
    mountComponent(MessageReader, { db, accountId: 'acct-1', uid: 'u1' });
    await until(() => subject() !== null, 'the heading shows');
    const toolbar = document.querySelector('[data-testid="delete-here"]')!.parentElement!;
    expect(toolbar.querySelector('[data-testid="export-eml"]')).not.toBeNull();
    db.close();
  });

  it('says a tapped download is under way, then shows the whole message and its attachment without reopening', async () => {
    const db = await stored(encode(`${HEAD}Content-Type: text/plain\r\n\r\nSee the\r\n`), { state: 'header', size: WITH_ATTACHMENT.byteLength });
    const listeners = new Set<(stored: StoredMessages) => void>();
    let finish!: () => void;
    const onfetchfull = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    mountComponent(MessageReader, { db, accountId: 'acct-1', uid: 'u1', onfetchfull, onstored: (listener: (stored: StoredMessages) => void) => (listeners.add(listener), () => listeners.delete(listener)) });
    await until(() => document.querySelector('[data-testid="download-full-message"]') !== null, 'the notice shows');
    const button = document.querySelector<HTMLButtonElement>('[data-testid="download-full-message"]')!;
    button.focus();
    button.click();
    flushSync();
    expect(onfetchfull).toHaveBeenCalledWith('acct-1', 'u1');
    expect(button.textContent?.trim()).toBe('Downloading…');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(document.querySelector('[data-testid="reader-status"]')?.textContent).toBe('Downloading the whole message…');

    // The sync commits the whole message and says so; the reader follows.
    await commitMessage(db, message('u1', { raw: WITH_ATTACHMENT, size: WITH_ATTACHMENT.byteLength, subject: 'Minutes' }));
    for (const listener of listeners) listener({ accountId: 'acct-1', uids: ['u1'], state: 'complete', newestDate: 0, threadKeys: [] });
    await until(() => document.querySelector('[data-testid="preview-only-notice"]') === null, 'the notice goes');
    await until(() => document.querySelector('[data-testid="attachment"]') !== null, 'the attachment shows');
    expect(document.querySelector('[data-testid="attachment-name"]')?.textContent).toBe('plan.pdf');
    finish();
    await until(() => document.querySelector('[data-testid="reader-status"]')?.textContent === 'The whole message is downloaded.', 'the end is announced');
    expect(document.activeElement).toBe(subject());
    db.close();
  });

  it('offers plain text in place of the HTML of a multipart/alternative message', async () => {
    bodyFormat.format = 'html';
    const db = await stored(ALTERNATIVE);
    mountComponent(MessageReader, { db, accountId: 'acct-1', uid: 'u1' });
    await until(() => document.querySelector('[data-testid="message-frame"]') !== null, 'the HTML shows');
    document.querySelector<HTMLInputElement>('[data-testid="body-format-text"]')!.click();
    flushSync();
    expect(document.querySelector('[data-testid="message-frame"]')).toBeNull();
    expect(document.querySelector('[data-testid="message-text"]')?.textContent).toContain('Plain words.');
    bodyFormat.format = 'html';
    db.close();
  });
});
