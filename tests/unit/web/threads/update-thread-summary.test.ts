import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summarizeThread } from '../../../../web/src/lib/threads/summarize-thread.ts';
import { updateThreadSummary, type MemberChange } from '../../../../web/src/lib/threads/update-thread-summary.ts';

interface Member {
  uid: string;
  date: number;
  from: { name: string; address: string } | null;
  flags: { seen: boolean };
  deletedLocally: boolean;
}

const member = (uid: string, date: number, who: string | null, seen = false): Member => ({
  uid,
  date,
  from: who === null ? null : { name: who, address: `${who.toLowerCase()}@example.org` },
  flags: { seen },
  deletedLocally: false,
});

describe('updateThreadSummary', () => {
  it('adds a newer reply to the row without reading the others', () => {
    const row = summarizeThread([member('a', 1, 'Ada'), member('b', 2, 'Bob')])!;
    expect(updateThreadSummary(row, [{ record: member('c', 3, 'Cy'), previous: undefined }])).toEqual(summarizeThread([member('a', 1, 'Ada'), member('b', 2, 'Bob'), member('c', 3, 'Cy')]));
  });

  it('swaps in the whole copy of the latest message', () => {
    const header = member('b', 2, 'Bob');
    const row = summarizeThread([member('a', 1, 'Ada'), header])!;
    const whole = { ...header, snippet: 'all of it' };
    expect(updateThreadSummary(row, [{ record: whole, previous: header }])?.latest).toBe(whole);
  });

  it('counts a message read or marked unread again without reading the others', () => {
    const unread = member('a', 1, 'Ada');
    const row = summarizeThread([unread, member('b', 2, 'Bob'), member('c', 3, 'Cy')])!;
    const read = { ...unread, flags: { seen: true } };
    expect(updateThreadSummary(row, [{ record: read, previous: unread }])).toEqual(summarizeThread([read, member('b', 2, 'Bob'), member('c', 3, 'Cy')]));
    const latestRead = { ...member('c', 3, 'Cy'), flags: { seen: true } };
    expect(updateThreadSummary(row, [{ record: latestRead, previous: member('c', 3, 'Cy') }])).toEqual(summarizeThread([unread, member('b', 2, 'Bob'), latestRead]));
  });

  it('counts an older message from the first writer, or from nobody, without reading the others (a first sync stores newest first)', () => {
    const row = summarizeThread([member('c', 5, 'Ada'), member('d', 6, 'Bob')])!;
    const older = [member('a', 1, 'Ada', true), member('b', 2, null)];
    expect(updateThreadSummary(row, older.map((record) => ({ record, previous: undefined })))).toEqual(summarizeThread([...older, member('c', 5, 'Ada'), member('d', 6, 'Bob')]));
    // The same writer under another name would change the name the row shows: read them all.
    const renamed = { ...member('a', 1, 'Ada'), from: { name: 'Ada L.', address: 'ada@example.org' } };
    expect(updateThreadSummary(row, [{ record: renamed, previous: undefined }])).toBeUndefined();
  });

  it('cannot tell without the other messages when a new one is older than the latest', () => {
    const row = summarizeThread([member('b', 2, 'Bob')])!;
    expect(updateThreadSummary(row, [{ record: member('a', 1, 'Ada'), previous: undefined }])).toBeUndefined();
  });
});

// A thread's history: messages arrive in batches, some as a rewrite of one already stored.
const arrival = fc.record({
  uid: fc.constantFrom('1', '2', '3', '4', '5', '6', '7'),
  date: fc.integer({ min: 0, max: 20 }),
  who: fc.option(fc.constantFrom('Ada', 'Bob', 'Cy', 'Di', 'Ed', 'Flo'), { nil: null }),
  seen: fc.boolean(),
  deleted: fc.boolean(),
});

describe('updateThreadSummary, for any history', () => {
  it('answers, when it answers, exactly what summarizing every message gives', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arrival, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), (batches) => {
        const stored = new Map<string, Member>();
        let row = summarizeThread<Member>([]) ?? undefined;
        for (const batch of batches) {
          const changes = new Map<string, MemberChange<Member>>();
          for (const a of batch) {
            const record = { ...member(a.uid, a.date, a.who, a.seen), deletedLocally: a.deleted };
            changes.set(a.uid, { record, previous: stored.get(a.uid) });
          }
          for (const { record } of changes.values()) stored.set(record.uid, record);
          const full = summarizeThread([...stored.values()]);
          const quick = updateThreadSummary(row, [...changes.values()]);
          if (quick !== undefined) expect(quick).toEqual(full);
          row = full ?? undefined;
        }
      }),
      { numRuns: 300 },
    );
  });
});
