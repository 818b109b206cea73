import { describe, expect, it } from 'vitest';
import { SyncErrorBook } from '../../../../web/src/lib/feedback/sync-error-book.svelte.ts';

const error = (accountId: string, code = 'TUNNEL_ERR_CONNECT') => ({ accountId, code, message: 'detail' });

describe('SyncErrorBook', () => {
  it('shows one problem per account at the same time', () => {
    const book = new SyncErrorBook();
    book.record(error('work'));
    book.record(error('home', 'POP3_ERR_AUTH'));
    expect(book.errors.map((e) => e.accountId)).toEqual(['work', 'home']);
  });

  it('keeps an account’s latest problem, and drops it when that account syncs fine', () => {
    const book = new SyncErrorBook();
    book.record(error('work'));
    const latest = error('work', 'TUNNEL_ERR_TIMEOUT');
    book.record(latest);
    book.record(error('home'));
    expect(book.errors.filter((e) => e.accountId === 'work')).toEqual([latest]);
    book.clear('work');
    expect(book.errors.map((e) => e.accountId)).toEqual(['home']);
  });

  it('dismisses the problem the user saw, not a newer one for the same account', () => {
    const book = new SyncErrorBook();
    const seen = error('work');
    book.record(seen);
    const newer = error('work', 'TUNNEL_ERR_TIMEOUT');
    book.record(newer);
    book.dismiss(seen);
    expect(book.errors).toEqual([newer]);
    book.dismiss(newer);
    expect(book.errors).toEqual([]);
  });
});
