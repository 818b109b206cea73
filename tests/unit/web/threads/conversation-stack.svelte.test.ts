// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { createRawSnippet, flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { commitMessages, deleteLocally, type MessageRecord } from '../../../../web/src/lib/storage/index.ts';
import ConversationStack from '../../../../web/src/lib/threads/ConversationStack.svelte';
import { message, openFresh } from '../storage/storage-fixtures.ts';
import { mountComponent } from '../support/mount-component.ts';

/** Stands in for the reader: a line naming the message it would open. */
const reader = createRawSnippet((m: () => MessageRecord, latest: () => boolean) => ({
  render: () => `<p data-testid="fake-reader">${m().uid}${latest() ? ' (latest)' : ''}</p>`,
}));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) {
    await new Promise((r) => setTimeout(r, 5));
    flushSync();
  }
}

describe('ConversationStack', () => {
  it('stacks the messages oldest to newest with only the latest open, and opens an older one on demand', async () => {
    const db = await openFresh();
    // jsdom's Uint8Array, not Node's TextEncoder's: storage checks the bytes' type in this realm.
    const raw = new Uint8Array([104, 101, 108, 108, 111]);
    await commitMessages(db, [
      message('u2', { messageId: 'b@x', references: ['a@x'], subject: 'Re: Lunch', date: 2000, snippet: 'Yes, noon?', raw }),
      message('u1', { messageId: 'a@x', subject: 'Lunch', date: 1000, snippet: 'Lunch on Friday?', raw }),
      message('u3', { messageId: 'c@x', references: ['a@x', 'b@x'], subject: 'Re: Lunch', date: 3000, raw }),
    ]);
    const threadKey = (await db.get('messages', ['acct-1', 'u1']))!.threadKey!;
    const target = mountComponent(ConversationStack, { db, accountId: 'acct-1', threadKey, count: 3, openedUid: 'u3', reader });
    await until(() => target.querySelectorAll('[data-testid="stack-item"]').length === 3);

    const items = Array.from(target.querySelectorAll('[data-testid="stack-item"]'));
    expect(items.map((i) => i.getAttribute('data-uid'))).toEqual(['u1', 'u2', 'u3']);
    const toggles = Array.from(target.querySelectorAll<HTMLButtonElement>('[data-testid="stack-toggle"]'));
    expect(toggles.map((t) => t.getAttribute('aria-expanded'))).toEqual(['false', 'false', 'true']);
    expect(Array.from(target.querySelectorAll('[data-testid="fake-reader"]')).map((r) => r.textContent)).toEqual(['u3 (latest)']);
    expect(toggles[0]!.textContent).toContain('Lunch on Friday?');

    toggles[0]!.click();
    flushSync();
    expect(toggles[0]!.getAttribute('aria-expanded')).toBe('true');
    expect(document.getElementById(toggles[0]!.getAttribute('aria-controls')!)?.textContent).toContain('u1');
    toggles[2]!.click();
    flushSync();
    expect(Array.from(target.querySelectorAll('[data-testid="fake-reader"]')).map((r) => r.textContent)).toEqual(['u1']);
    db.close();
  });

  it('reads and draws a conversation of hundreds a page at a time, newest first, and pages back to the oldest from the keyboard', async () => {
    const db = await openFresh();
    const raw = new Uint8Array([104, 101, 108, 108, 111]);
    const uid = (n: number): string => `m${String(n).padStart(3, '0')}`;
    await commitMessages(db, [
      message(uid(0), { messageId: 'root@x', subject: 'Nightly report', date: 1000, raw }),
      ...Array.from({ length: 119 }, (_, i) => message(uid(i + 1), { messageId: `${i + 1}@x`, references: ['root@x'], subject: 'Re: Nightly report', date: 1000 + (i + 1) * 60_000, raw })),
    ]);
    await deleteLocally(db, 'acct-1', uid(100));
    const threadKey = (await db.get('messages', ['acct-1', uid(0)]))!.threadKey!;
    const target = mountComponent(ConversationStack, { db, accountId: 'acct-1', threadKey, count: 119, openedUid: uid(119), reader });
    const items = (): string[] => Array.from(target.querySelectorAll('[data-testid="stack-item"]')).map((i) => i.getAttribute('data-uid')!);
    await until(() => items().length > 0);

    // The newest 50 that are not deleted here, oldest first, the latest open.
    const live = Array.from({ length: 120 }, (_, n) => uid(n)).filter((u) => u !== uid(100));
    expect(items()).toEqual(live.slice(-50));
    expect(target.querySelector('h2')!.textContent).toContain('(119 messages)');
    const older = target.querySelector<HTMLButtonElement>('[data-testid="stack-older"]')!;
    expect(older.textContent!.trim()).toBe('Show 50 older messages');

    older.focus();
    older.click();
    await until(() => items().length === 100);
    expect(items()).toEqual(live.slice(-100));
    expect(document.activeElement).toBe(older);
    expect(older.textContent!.trim()).toBe('Show 19 older messages');

    older.click();
    await until(() => items().length === 119);
    expect(items()).toEqual(live);
    expect(target.querySelector('[data-testid="stack-older"]')).toBeNull();
    await until(() => document.activeElement !== older);
    // The button is gone: focus goes to the oldest message rather than to the page.
    expect((document.activeElement as HTMLElement).closest('[data-testid="stack-item"]')?.getAttribute('data-uid')).toBe(uid(0));
    expect(Array.from(target.querySelectorAll('[data-testid="fake-reader"]')).map((r) => r.textContent)).toEqual([`${uid(119)} (latest)`]);
    db.close();
  });
});
