import { describe, expect, it } from 'vitest';
import { threadLinksOf } from '../../../../web/src/lib/threads/thread-links.ts';

describe('threadLinksOf', () => {
  it('links a reply by its own id and every id it replies to, not by subject', () => {
    expect(threadLinksOf({ messageId: 'c@x', references: ['a@x', 'b@x'], subject: 'Re: Lunch' })).toEqual(['id:c@x', 'id:a@x', 'id:b@x']);
  });

  it('links a message that names no parent by its subject too', () => {
    expect(threadLinksOf({ messageId: 'a@x', references: [], subject: 'Re: Lunch' })).toEqual(['id:a@x', 'subject:lunch']);
  });

  it('gives no link to a message with no id, no parent and no subject', () => {
    expect(threadLinksOf({ messageId: null, references: [], subject: 'Re:' })).toEqual([]);
  });
});
