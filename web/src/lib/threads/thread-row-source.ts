// Conversations as a row source for a virtual list: how many there are, and rows start to
// end, newest first, read from the threads store without touching the messages. Its shape
// is the `count()` + `rows(start, end)` row source the inbox's list reads (mailbox-list's
// RowSource<Row>), so a conversation list can feed the same virtual list.
import { countThreads, readThreads, type SatchelDatabase, type ThreadRecord } from '../storage/index.ts';

export class ThreadRowSource {
  readonly #db: SatchelDatabase;
  readonly #scope: { accountId?: string };

  /** accountId null: every account's conversations. */
  constructor(db: SatchelDatabase, accountId: string | null) {
    this.#db = db;
    this.#scope = accountId === null ? {} : { accountId };
  }

  count(): Promise<number> {
    return countThreads(this.#db, this.#scope);
  }

  rows(start: number, end: number): Promise<ThreadRecord[]> {
    return readThreads(this.#db, { ...this.#scope, start, end });
  }
}
