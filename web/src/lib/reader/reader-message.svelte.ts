// One opened message: its record, its parsed content, and what the reader can do to it.
import { deleteLocally, getMessageBody, markSeen, type MessageRecord, type SatchelDatabase } from '../storage/index.ts';
import { ReaderError, type ReaderErrorCode } from './error-codes.ts';
import { parseMessage, type ParsedMessage } from './parse-message.ts';

export class ReaderMessage {
  readonly #db: SatchelDatabase;
  readonly accountId: string;
  readonly uid: string;
  #record = $state.raw<MessageRecord | null>(null);
  #parsed = $state.raw<ParsedMessage | null>(null);
  #errorCode = $state<ReaderErrorCode | null>(null);
  #loading = $state(false);
  #busy = $state(false);

  constructor(db: SatchelDatabase, accountId: string, uid: string) {
    this.#db = db;
    this.accountId = accountId;
    this.uid = uid;
  }

  get record(): MessageRecord | null {
    return this.#record;
  }

  get parsed(): ParsedMessage | null {
    return this.#parsed;
  }

  get errorCode(): ReaderErrorCode | null {
    return this.#errorCode;
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** True while a flag change or delete is being written. */
  get busy(): boolean {
    return this.#busy;
  }

  /**
   * Loads and parses the message, and marks it read. Resolves true if that changed its
   * seen flag (the list then needs a refresh). Errors end up in errorCode, not thrown.
   */
  async open(): Promise<boolean> {
    this.#loading = true;
    this.#errorCode = null;
    try {
      const record = await this.#read(() => this.#db.get('messages', [this.accountId, this.uid]));
      if (record === undefined || record.deletedLocally) throw new ReaderError('READER_ERR_NOT_FOUND');
      this.#record = record;
      const raw = await this.#read(() => getMessageBody(this.#db, this.accountId, this.uid));
      if (raw === undefined) throw new ReaderError('READER_ERR_NO_BODY');
      try {
        this.#parsed = await parseMessage(raw);
      } catch (error) {
        throw new ReaderError('READER_ERR_PARSE', { cause: error });
      }
      if (record.flags.seen) return false;
      await this.setSeen(true);
      return true;
    } catch (error) {
      this.#errorCode = error instanceof ReaderError ? error.code : 'READER_ERR_STORAGE';
      return false;
    } finally {
      this.#loading = false;
    }
  }

  async setSeen(seen: boolean): Promise<void> {
    const record = this.#record;
    if (record === null) return;
    await this.#write(() => markSeen(this.#db, this.accountId, this.uid, seen));
    this.#record = { ...record, flags: { ...record.flags, seen } };
  }

  async deleteHere(): Promise<void> {
    await this.#write(() => deleteLocally(this.#db, this.accountId, this.uid));
  }

  async #read<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new ReaderError('READER_ERR_STORAGE', { cause: error });
    }
  }

  async #write(action: () => Promise<void>): Promise<void> {
    this.#busy = true;
    try {
      await this.#read(action);
    } finally {
      this.#busy = false;
    }
  }
}
