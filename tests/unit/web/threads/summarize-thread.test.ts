import { describe, expect, it } from 'vitest';
import { summarizeThread } from '../../../../web/src/lib/threads/summarize-thread.ts';

const member = (uid: string, date: number, who: string | null, extra: { seen?: boolean; deletedLocally?: boolean } = {}) => ({
  uid,
  date,
  from: who === null ? null : { name: who, address: `${who.toLowerCase()}@example.org` },
  flags: { seen: extra.seen ?? false },
  deletedLocally: extra.deletedLocally ?? false,
});

describe('summarizeThread', () => {
  it('counts live messages and unread ones, and picks the latest by date', () => {
    const summary = summarizeThread([member('b', 2, 'Bob', { seen: true }), member('a', 1, 'Ada'), member('c', 3, 'Ada', { deletedLocally: true })]);
    expect(summary).toMatchObject({ count: 2, unread: 1, latest: { uid: 'b' } });
    expect(summary?.participants.map((p) => p.name)).toEqual(['Ada', 'Bob']);
  });

  it('is null when every message is deleted here', () => {
    expect(summarizeThread([member('a', 1, 'Ada', { deletedLocally: true })])).toBeNull();
  });

  it('keeps the latest writer among the participants when there are more than fit', () => {
    const names = ['A', 'B', 'C', 'D', 'E', 'F'];
    const summary = summarizeThread(names.map((n, i) => member(n, i, n)));
    expect(summary?.participants.map((p) => p.name)).toEqual(['A', 'B', 'C', 'F']);
  });
});
