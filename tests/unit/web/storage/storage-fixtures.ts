// Shared builders for the storage tests. Each test opens its own database name, so tests
// never see each other's data even though fake-indexeddb's factory is global.
import 'fake-indexeddb/auto';
import { unwrap } from 'idb';
import { vi } from 'vitest';
import { openSatchelDB, type MessageCommit, type SatchelDatabase } from '../../../../web/src/lib/storage/index.ts';

let counter = 0;

export function freshName(): string {
  counter += 1;
  return `satchel-test-${counter}-${Math.random().toString(36).slice(2)}`;
}

export function openFresh(version?: number): Promise<SatchelDatabase> {
  return openSatchelDB(version === undefined ? { name: freshName() } : { name: freshName(), version });
}

export function message(uid: string, overrides: Partial<MessageCommit> = {}): MessageCommit {
  return {
    accountId: 'acct-1',
    uid,
    from: { name: 'Ada', address: 'ada@example.org' },
    to: [{ name: '', address: 'me@example.org' }],
    cc: [],
    subject: `Subject ${uid}`,
    date: Date.UTC(2025, 0, 1),
    size: 5,
    snippet: 'hello',
    attachments: [],
    flags: { seen: false },
    state: 'complete',
    storedAt: Date.UTC(2025, 0, 2),
    deletedLocally: false,
    raw: new TextEncoder().encode('hello'),
    ...overrides,
  };
}

/**
 * Records every transaction opened on `db`: its durability, and whether its `complete` event
 * fired. DESIGN.md invariant 2 rests on both (strict, and resolved only after complete).
 */
export function recordTransactions(db: SatchelDatabase): Array<{ durability: string; completed: boolean }> {
  const raw = unwrap(db);
  const open = raw.transaction.bind(raw);
  const seen: Array<{ durability: string; completed: boolean }> = [];
  vi.spyOn(raw, 'transaction').mockImplementation((stores, mode, options) => {
    const tx = open(stores, mode, options);
    const record = { durability: tx.durability, completed: false };
    seen.push(record);
    tx.addEventListener('complete', () => {
      record.completed = true;
    });
    return tx;
  });
  return seen;
}
