import { describe, expect, it } from 'vitest';
import { messageAfter } from '../../../../web/src/lib/reader/message-after.ts';
import type { MessageRecord } from '../../../../web/src/lib/storage/index.ts';

const row = (uid: string) => ({ accountId: 'a', uid }) as MessageRecord;
const list = [row('1'), row('2'), row('3')];

describe('messageAfter', () => {
  it('goes on to the next message down the list', () => {
    expect(messageAfter(list, { accountId: 'a', uid: '2' })?.uid).toBe('3');
  });

  it('goes up to the one before when the last message was deleted', () => {
    expect(messageAfter(list, { accountId: 'a', uid: '3' })?.uid).toBe('2');
  });

  it('gives null when no message is left, or the deleted one is not listed', () => {
    expect(messageAfter([row('1')], { accountId: 'a', uid: '1' })).toBeNull();
    expect(messageAfter(list, { accountId: 'b', uid: '1' })).toBeNull();
  });
});
