// Which message each FlexSearch id stands for. FlexSearch wants a number or a string per
// document; the store's key is [accountId, uid], so each indexed copy of a message gets a
// compact id that is never reused. The table also keeps each message's date, so hits are
// listed newest first without reading records, and the storedAt and state of the copy
// indexed, so a message stored again (its body after its headers) is indexed again.
import type { MessageRecord, SearchIndexEntry } from '../storage/index.ts';

export type MessageKey = [accountId: string, uid: string];

export function keyString(accountId: string, uid: string): string {
  return JSON.stringify([accountId, uid]);
}

export class IndexTable {
  readonly #byKey = new Map<string, SearchIndexEntry>();
  readonly #byId = new Map<number, SearchIndexEntry>();
  #nextId: number;

  constructor(entries: readonly SearchIndexEntry[] = [], nextId = 1) {
    for (const entry of entries) this.#set(entry);
    this.#nextId = Math.max(nextId, ...entries.map((e) => e.id + 1));
  }

  get nextId(): number {
    return this.#nextId;
  }

  get(accountId: string, uid: string): SearchIndexEntry | undefined {
    return this.#byKey.get(keyString(accountId, uid));
  }

  byId(id: number): SearchIndexEntry | undefined {
    return this.#byId.get(id);
  }

  /**
   * True when `record` is what the table already holds for its key (nothing to index). A
   * dropped entry holds a tombstone only: a message Undo restored is indexed again.
   */
  holds(record: MessageRecord): boolean {
    const entry = this.get(record.accountId, record.uid);
    if (entry === undefined) return false;
    return entry.dropped === true ? record.deletedLocally : entry.storedAt === record.storedAt && entry.state === record.state;
  }

  /** A new id for this copy of the message; returns the id it replaces, if any. */
  put(record: MessageRecord, dropped = false): { entry: SearchIndexEntry; replaced: number | null } {
    const previous = this.get(record.accountId, record.uid);
    if (previous !== undefined) this.#byId.delete(previous.id);
    const entry: SearchIndexEntry = { id: this.#nextId++, accountId: record.accountId, uid: record.uid, date: record.date, storedAt: record.storedAt, state: record.state, ...(dropped ? { dropped: true as const } : {}) };
    this.#set(entry);
    return { entry, replaced: previous?.id ?? null };
  }

  /** Deleted here: never a result again, and kept so the tombstone is not indexed again. */
  markDeleted(entry: SearchIndexEntry): void {
    entry.dropped = true;
  }

  /** Its record is gone: forget it altogether. */
  forget(entry: SearchIndexEntry): void {
    this.#byId.delete(entry.id);
    this.#byKey.delete(keyString(entry.accountId, entry.uid));
  }

  entries(): IterableIterator<SearchIndexEntry> {
    return this.#byId.values();
  }

  #set(entry: SearchIndexEntry): void {
    this.#byId.set(entry.id, entry);
    this.#byKey.set(keyString(entry.accountId, entry.uid), entry);
  }
}
