import { describe, expect, it } from 'vitest';
import { commitMessages, deleteLocally, type MessageCommit, type MessageRecord } from '../../../../web/src/lib/storage/index.ts';
import { ConversationPreference } from '../../../../web/src/lib/threads/conversation-preference.svelte.ts';
import { ConversationView } from '../../../../web/src/lib/threads/conversation-view.svelte.ts';
import { message, openFresh } from '../storage/storage-fixtures.ts';

/** A Storage that keeps items in a Map (Node has no localStorage). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const lunch: MessageCommit[] = [
  message('u1', { messageId: 'a@x', subject: 'Lunch', date: 1000 }),
  message('u2', { messageId: 'b@x', references: ['a@x'], subject: 'Re: Lunch', date: 2000, from: { name: 'Bob', address: 'bob@example.org' } }),
  message('u3', { messageId: 'c@x', references: ['a@x', 'b@x'], subject: 'Re: Lunch', date: 4000 }),
];

/** The list's rows, as the list reads them (all of them: these lists are short). */
function messagesOf(view: ConversationView): MessageRecord[] {
  return Array.from({ length: view.rows.total }, (_, i) => view.rows.rowAt(i)).filter((m): m is MessageRecord => m !== undefined);
}

async function settled(view: ConversationView): Promise<void> {
  for (let i = 0; i < 20 && view.loading; i++) await new Promise((r) => setTimeout(r, 5));
}

describe('ConversationView', () => {
  it('lists a conversation as one row, its latest message, newest first, with its count', async () => {
    const db = await openFresh();
    await commitMessages(db, [...lunch, message('u9', { messageId: 'z@x', subject: 'Other', date: 3000 })]);
    const view = new ConversationView(db, { accountId: null }, new ConversationPreference(memoryStorage()));
    await view.refresh();
    expect(messagesOf(view).map((m) => m.uid)).toEqual(['u3', 'u9']);
    expect(view.conversationOf(messagesOf(view)[0]!)).toMatchObject({ count: 3, unread: 3 });
    expect(view.conversationOf(messagesOf(view)[1]!), 'a single message is a plain row').toBeUndefined();
    expect(view.rows.total).toBe(2);
    db.close();
  });

  it('shows every message once the setting is off, and remembers it', async () => {
    const db = await openFresh();
    await commitMessages(db, [...lunch, message('u9', { messageId: 'z@x', subject: 'Other', date: 3000 })]);
    const storage = memoryStorage();
    const preference = new ConversationPreference(storage);
    const view = new ConversationView(db, { accountId: null }, preference);
    await view.refresh();
    preference.set(false);
    await view.refresh();
    expect(messagesOf(view).map((m) => m.uid)).toEqual(['u3', 'u9', 'u2', 'u1']);
    expect(view.conversationOf(messagesOf(view)[0]!)).toBeUndefined();
    expect(new ConversationPreference(storage).enabled).toBe(false);
    preference.set(true);
    await view.refresh();
    expect(messagesOf(view).map((m) => m.uid)).toEqual(['u3', 'u9']);
    db.close();
  });

  it('follows a delete: the row shows the new latest and count', async () => {
    const db = await openFresh();
    await commitMessages(db, lunch);
    const view = new ConversationView(db, { accountId: null }, new ConversationPreference(memoryStorage()));
    await settled(view);
    await deleteLocally(db, 'acct-1', 'u3');
    await view.refresh();
    expect(messagesOf(view).map((m) => m.uid)).toEqual(['u2']);
    expect(view.conversationOf(messagesOf(view)[0]!)).toMatchObject({ count: 2 });
    db.close();
  });

  it('reads one account only when filtered', async () => {
    const db = await openFresh();
    await commitMessages(db, [...lunch, message('b1', { accountId: 'acct-2', subject: 'Elsewhere', date: 9000 })]);
    const view = new ConversationView(db, { accountId: null }, new ConversationPreference(memoryStorage()));
    await view.setFilter({ accountId: 'acct-1' });
    expect(messagesOf(view).map((m) => m.uid)).toEqual(['u3']);
    await view.setFilter({ accountId: null });
    expect(messagesOf(view).map((m) => m.uid)).toEqual(['b1', 'u3']);
    db.close();
  });
});

describe('ConversationView after a sync stores a batch', () => {
  it('shows a new reply in its conversation row', async () => {
    const db = await openFresh();
    await commitMessages(db, lunch.slice(0, 2));
    const view = new ConversationView(db, { accountId: 'acct-1' }, new ConversationPreference(memoryStorage()));
    await view.refresh();
    expect(view.conversationOf(messagesOf(view)[0]!)).toMatchObject({ count: 2 });

    await commitMessages(db, lunch.slice(2));
    await view.refreshFor({ accountId: 'acct-1', uids: ['u3'], newestDate: 4000 });
    expect(messagesOf(view).map((m) => m.uid)).toEqual(['u3']);
    expect(view.conversationOf(messagesOf(view)[0]!)).toMatchObject({ count: 3 });
    db.close();
  });

  it('shows an older reply in a conversation row in view: its count moves, though the batch sorts below the rows', async () => {
    const db = await openFresh();
    await commitMessages(db, [lunch[0]!, lunch[2]!, ...Array.from({ length: 4 }, (_, i) => message(`n${i}`, { subject: `Note ${i}`, date: 100 + i }))]);
    const view = new ConversationView(db, { accountId: 'acct-1' }, new ConversationPreference(memoryStorage()), { recountAfterMs: 20 });
    await view.refresh();
    view.rows.show(0, 2);
    expect(view.conversationOf(view.rows.rowAt(0)!)).toMatchObject({ count: 2 });

    const { threadKeys } = await commitMessages(db, [lunch[1]!]);
    await view.refreshFor({ accountId: 'acct-1', uids: ['u2'], newestDate: 2000, threadKeys });
    expect(view.conversationOf(view.rows.rowAt(0)!)).toMatchObject({ count: 3 });
    db.close();
  });

  it('after batches below the rows in view and in none of their conversations, counts again once, without reading those rows', async () => {
    const db = await openFresh();
    await commitMessages(db, Array.from({ length: 6 }, (_, i) => message(`m${i}`, { subject: `Topic ${i}`, date: 10_000 + i })));
    const view = new ConversationView(db, { accountId: 'acct-1' }, new ConversationPreference(memoryStorage()), { recountAfterMs: 50 });
    await view.refresh();
    view.rows.show(0, 3);
    // A change no batch names shows whether the rows in view were read again.
    await db.put('threads', { ...(await db.get('threads', ['acct-1', (await db.get('messages', ['acct-1', 'm5']))!.threadKey!]))!, count: 99 });
    const batches: Array<Promise<void>> = [];
    for (let i = 0; i < 5; i++) {
      const { threadKeys } = await commitMessages(db, [message(`old${i}`, { subject: `Old ${i}`, date: 100 + i })]);
      batches.push(view.refreshFor({ accountId: 'acct-1', uids: [`old${i}`], newestDate: 100 + i, threadKeys }));
    }
    expect(new Set(batches).size).toBe(1);
    expect(view.rows.total).toBe(6);
    await Promise.all(batches);
    expect(view.rows.total).toBe(11);
    expect(view.conversationOf(view.rows.rowAt(0)!)).toBeUndefined();
    db.close();
  });
});

