import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planThreads, type ThreadInput, type ThreadPlan } from '../../../../web/src/lib/threads/plan-threads.ts';
import { threadLinksOf, type ThreadHeaderFields } from '../../../../web/src/lib/threads/thread-links.ts';

/** What IndexedDB holds, kept in maps: each link's thread (the by-link index), and each thread's messages. */
class MemoryThreads {
  readonly linkThread = new Map<string, string>();
  readonly members = new Map<string, Set<string>>();
  readonly threadOfMessage = new Map<string, string>();

  add(batch: ReadonlyArray<{ key: string } & ThreadHeaderFields>): ThreadPlan {
    const inputs: ThreadInput[] = batch.map((m) => ({ key: m.key, links: threadLinksOf(m), ...this.#current(m.key) }));
    const plan = planThreads(inputs, {
      threadOfLink: (link) => this.linkThread.get(link),
      sizeOf: (thread) => this.members.get(thread)?.size ?? 0,
    });
    for (const [loser, survivor] of plan.merges) {
      for (const key of this.members.get(loser) ?? []) this.#assign(key, survivor);
      for (const [link, thread] of this.linkThread) if (thread === loser) this.linkThread.set(link, survivor);
    }
    for (const [key, thread] of plan.threadOf) this.#assign(key, thread);
    // As the by-link index does: a message's links lead to its thread.
    for (const input of inputs) for (const link of input.links) this.linkThread.set(link, plan.threadOf.get(input.key)!);
    return plan;
  }

  /** The conversations as sets of message keys, order-free. */
  partition(): string[][] {
    return [...this.members.values()].filter((s) => s.size > 0).map((s) => [...s].sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
  }

  #current(key: string): { current?: string } {
    const thread = this.threadOfMessage.get(key);
    return thread === undefined ? {} : { current: thread };
  }

  #assign(key: string, thread: string): void {
    const before = this.threadOfMessage.get(key);
    if (before !== undefined) this.members.get(before)?.delete(key);
    this.threadOfMessage.set(key, thread);
    this.members.set(thread, (this.members.get(thread) ?? new Set()).add(key));
  }
}

const msg = (key: string, messageId: string | null, references: string[] = [], subject = `topic ${key}`) => ({ key, messageId, references, subject });

describe('planThreads', () => {
  it('groups a reply chain by References and In-Reply-To', () => {
    const store = new MemoryThreads();
    store.add([msg('1', 'a'), msg('2', 'b', ['a']), msg('3', 'c', ['a', 'b']), msg('4', 'z')]);
    expect(store.partition()).toEqual([['1', '2', '3'], ['4']]);
  });

  it('groups replies to a parent it never received', () => {
    const store = new MemoryThreads();
    store.add([msg('2', 'b', ['missing']), msg('3', 'c', ['missing', 'b'])]);
    expect(store.partition()).toEqual([['2', '3']]);
  });

  it('survives a reference cycle', () => {
    const store = new MemoryThreads();
    store.add([msg('1', 'a', ['b']), msg('2', 'b', ['a'])]);
    expect(store.partition()).toEqual([['1', '2']]);
  });

  it('puts messages with the same Message-ID in one conversation, and keeps each', () => {
    const store = new MemoryThreads();
    store.add([msg('1', 'dup'), msg('2', 'dup')]);
    expect(store.partition()).toEqual([['1', '2']]);
  });

  it('groups a reply whose client dropped the headers by its subject', () => {
    const store = new MemoryThreads();
    store.add([msg('1', 'a', [], 'Lunch on Friday'), msg('2', null, [], 'AW: Lunch on Friday'), msg('3', 'c', ['a'], 'Re: Lunch on Friday')]);
    expect(store.partition()).toEqual([['1', '2', '3']]);
  });

  it('keeps a message without Message-ID or subject on its own', () => {
    const store = new MemoryThreads();
    store.add([msg('1', null, [], ''), msg('2', null, [], '')]);
    expect(store.partition()).toEqual([['1'], ['2']]);
  });

  it('merges two stored conversations when a later message links them, into the larger', () => {
    const store = new MemoryThreads();
    store.add([msg('1', 'a'), msg('2', 'b', ['a']), msg('3', 'c', ['a'])]);
    store.add([msg('7', 'x')]);
    const plan = store.add([msg('9', 'y', ['a', 'x'])]);
    expect(plan.merges).toEqual(new Map([['7', '1']]));
    expect(store.partition()).toEqual([['1', '2', '3', '7', '9']]);
  });

  it('keeps a refetched message in its conversation', () => {
    const store = new MemoryThreads();
    store.add([msg('1', 'a'), msg('2', 'b', ['a'])]);
    store.add([msg('2', 'b', ['a'])]);
    expect(store.partition()).toEqual([['1', '2']]);
  });
});

// Ids from a small pool, so references hit, miss, repeat and loop.
const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
const messages = fc.uniqueArray(
  fc.record({
    key: fc.string({ minLength: 1, maxLength: 3 }),
    messageId: fc.option(id, { nil: null }),
    references: fc.array(id, { maxLength: 3 }),
    subject: fc.constantFrom('', 'Lunch', 'Re: Lunch', 'AW: lunch', 'Plans', 'Fwd: Plans'),
  }),
  { selector: (m) => m.key, maxLength: 24 },
);

/** Splits an arrival order into batches at the given cut points. */
function batches<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (items.length + 1)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let start = 0;
  for (const p of [...points, items.length]) {
    if (p > start) out.push(items.slice(start, p));
    start = Math.max(start, p);
  }
  return out;
}

describe('planThreads, for any mailbox', () => {
  it('puts every message in exactly one conversation', () => {
    fc.assert(
      fc.property(messages, fc.array(fc.nat(), { maxLength: 4 }), (mail, cuts) => {
        const store = new MemoryThreads();
        for (const batch of batches(mail, cuts)) store.add(batch);
        const keys = store.partition().flat();
        expect(keys.sort()).toEqual(mail.map((m) => m.key).sort());
      }),
    );
  });

  it('groups the same whatever the order of arrival and the batches', () => {
    fc.assert(
      fc.property(
        messages.chain((mail) => fc.tuple(fc.constant(mail), fc.shuffledSubarray(mail, { minLength: mail.length }), fc.array(fc.nat(), { maxLength: 4 }))),
        ([mail, shuffled, cuts]) => {
          const all = new MemoryThreads();
          all.add(mail);
          const arriving = new MemoryThreads();
          for (const batch of batches(shuffled, cuts)) arriving.add(batch);
          expect(arriving.partition()).toEqual(all.partition());
        },
      ),
    );
  });

  it('never folds a thread into one that is itself folded (no cycle of merges)', () => {
    fc.assert(
      fc.property(messages, fc.array(fc.nat(), { maxLength: 4 }), (mail, cuts) => {
        const store = new MemoryThreads();
        for (const batch of batches(mail, cuts)) {
          const plan = store.add(batch);
          for (const survivor of plan.merges.values()) expect(plan.merges.has(survivor)).toBe(false);
          for (const thread of plan.threadOf.values()) expect(plan.merges.has(thread)).toBe(false);
        }
      }),
    );
  });

  it('puts two messages that share an id, or with no parent named a subject, in one conversation', () => {
    fc.assert(
      fc.property(messages, (mail) => {
        const store = new MemoryThreads();
        store.add(mail);
        for (const a of mail) {
          for (const b of mail) {
            const shared = threadLinksOf(a).some((link) => threadLinksOf(b).includes(link));
            if (shared) expect(store.threadOfMessage.get(a.key)).toBe(store.threadOfMessage.get(b.key));
          }
        }
      }),
    );
  });
});
