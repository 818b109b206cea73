// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import HeaderOnlyNotice from '../../../../web/src/lib/reader/HeaderOnlyNotice.svelte';
import type { MessageRecord } from '../../../../web/src/lib/storage/index.ts';
import { mountComponent } from '../support/mount-component.ts';

function record(overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    accountId: 'acct-1', uid: 'u1', from: { name: 'Ada', address: 'ada@example.org' }, to: [], cc: [], subject: 'Hello', date: 0, size: 2048,
    snippet: 'hi', attachments: [], flags: { seen: false }, state: 'header', preview: new TextEncoder().encode('Subject: Hello\r\n\r\nhi\r\n'),
    storedAt: 0, deletedLocally: false, ...overrides,
  };
}

function render(props: Parameters<typeof HeaderOnlyNotice>[1]): HTMLElement {
  mountComponent(HeaderOnlyNotice, props);
  return document.querySelector('[data-testid="preview-only-notice"]')!;
}

describe('HeaderOnlyNotice', () => {
  it('says what went wrong, that the next sync tries again, and what the button does', () => {
    const onfetchfull = vi.fn();
    const notice = render({ message: record({ fetchFailure: { code: 'POP3_ERR_SYS_TEMP', attempts: 1, lastAt: Date.now() } }), onfetchfull });
    expect(notice.getAttribute('data-error-code')).toBe('POP3_ERR_SYS_TEMP');
    notice.querySelector<HTMLButtonElement>('button[data-testid="download-full-message"]')!.click();
    expect(onfetchfull).toHaveBeenCalledTimes(1);
    expect(notice.querySelector('span')?.textContent).toBe(
      "Satchel couldn't download this message: the mail server reported a temporary problem. Satchel will try again at the next sync. To try now, choose Download full message.",
    );
  });

  it('gives the time of the next try while the backoff lasts', () => {
    vi.useFakeTimers({ now: new Date(2026, 11, 6, 14, 25) });
    try {
      const lastAt = new Date(2026, 11, 6, 14, 20).getTime();
      const notice = render({ message: record({ fetchFailure: { code: 'POP3_ERR_EOF', attempts: 2, lastAt } }), onfetchfull: () => undefined });
      expect(notice.textContent).toContain('(2 tries so far)');
      expect(notice.textContent).toMatch(/Satchel will try again at the first sync after (14:35|0?2:35\s?PM)\./);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says a placeholder has only its place in the mailbox, with the size still on the server', () => {
    const notice = render({ message: record({ from: null, subject: '', snippet: '', size: 12_288, preview: new Uint8Array(0) }), onfetchfull: () => undefined });
    expect(notice.textContent).toContain("Only this message's place in the mailbox is known yet. Its sender, subject and text (12 KB) are still on the server.");
  });

  it('says of a failed placeholder both why and that its sender and subject are not known yet', () => {
    const failed = record({ from: null, subject: '', snippet: '', size: 12_288, preview: new Uint8Array(0), fetchFailure: { code: 'TUNNEL_ERR_UPSTREAM_CLOSED', attempts: 1, lastAt: Date.now() } });
    expect(render({ message: failed }).querySelector('span')?.textContent).toBe(
      "Satchel couldn't download this message: the mail server closed the connection while it was arriving. Its sender, subject and text (12 KB) are still on the server. Satchel will try again at the next sync.",
    );
  });
});
