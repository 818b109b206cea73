// The last message deleted here, offered back for a while (the Undo of a snackbar): undo
// clears its deletedLocally flag, so it is listed as it was. Nothing is lost either way: a
// deleted message stays stored as a tombstone (message-flags.ts).
import { restoreLocally, type SatchelDatabase } from '../storage/index.ts';
import type { MessageKey } from './message-after.ts';

export interface DeletedMessage extends MessageKey {
  subject: string;
}

export interface DeleteUndoOptions {
  /** How long Undo is offered, unless paused (focus or pointer on it). @default 10 000 */
  offerMs?: number;
}

const DEFAULT_OFFER_MS = 10_000;

export class DeleteUndo {
  readonly #db: SatchelDatabase;
  readonly #offerMs: number;
  #offered = $state.raw<DeletedMessage | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(db: SatchelDatabase, options: DeleteUndoOptions = {}) {
    this.#db = db;
    this.#offerMs = options.offerMs ?? DEFAULT_OFFER_MS;
  }

  /** The message Undo would bring back, or null when nothing is offered. */
  get offered(): DeletedMessage | null {
    return this.#offered;
  }

  offer(message: DeletedMessage): void {
    this.#offered = message;
    this.resume();
  }

  /** WCAG 2.2.1: the offer does not run out while the user is on it. */
  pause(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  resume(): void {
    this.pause();
    if (this.#offered !== null) this.#timer = setTimeout(() => this.dismiss(), this.#offerMs);
  }

  dismiss(): void {
    this.pause();
    this.#offered = null;
  }

  /** Restores the offered message; resolves with it, or null when nothing was offered. */
  async undo(): Promise<DeletedMessage | null> {
    const message = this.#offered;
    if (message === null) return null;
    this.dismiss();
    await restoreLocally(this.#db, message.accountId, message.uid);
    return message;
  }
}
