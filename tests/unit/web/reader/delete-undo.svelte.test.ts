import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeleteUndo } from '../../../../web/src/lib/reader/delete-undo.svelte.ts';
import { commitMessage, deleteLocally, listMessages } from '../../../../web/src/lib/storage/index.ts';
import { message, openFresh } from '../storage/storage-fixtures.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('DeleteUndo', () => {
  it('brings a message deleted here back into the listing', async () => {
    const db = await openFresh();
    await commitMessage(db, message('u1'));
    await deleteLocally(db, 'acct-1', 'u1');
    const undo = new DeleteUndo(db);
    undo.offer({ accountId: 'acct-1', uid: 'u1', subject: 'Subject u1' });
    expect(await undo.undo()).toEqual({ accountId: 'acct-1', uid: 'u1', subject: 'Subject u1' });
    expect((await listMessages(db, { limit: 10 })).map((m) => m.uid)).toEqual(['u1']);
    expect(undo.offered).toBeNull();
    db.close();
  });

  it('stops offering after its time, but not while the user is on it', async () => {
    const db = await openFresh();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const undo = new DeleteUndo(db, { offerMs: 1_000 });
    undo.offer({ accountId: 'acct-1', uid: 'u1', subject: '' });
    undo.pause();
    vi.advanceTimersByTime(5_000);
    expect(undo.offered).not.toBeNull();
    undo.resume();
    vi.advanceTimersByTime(1_000);
    expect(undo.offered).toBeNull();
    expect(await undo.undo()).toBeNull();
    db.close();
  });
});
