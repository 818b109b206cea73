// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { createRawSnippet, flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { commitMessages, type MessageRecord } from '../../../../web/src/lib/storage/index.ts';
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
    const target = mountComponent(ConversationStack, { db, accountId: 'acct-1', threadKey, openedUid: 'u3', reader });
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
});
