// One opened message: its record, its parsed content, and what the reader can do to it.
// Parsing and bounding its HTML happen in a message Worker (message-job.ts), so a message
// that is slow to prepare never holds the UI thread; its HTML view says what to show meanwhile.
import { deleteLocally, getMessageBody, markSeen, type MessageRecord, type RawMessage, type SatchelDatabase } from '../storage/index.ts';
import type { HtmlCuts } from './bound-message-html.ts';
import { ReaderError, type ReaderErrorCode } from './error-codes.ts';
import { capFallbackText } from './fallback-text.ts';
import { HTML_SIZE_BUDGET, HTML_TIME_BUDGET_MS } from './html-bounds.ts';
import type { HtmlFallbackReason, HtmlView } from './html-view.ts';
import { startMessageJob, type CreateMessageWorker, type MessageJob } from './message-job.ts';
import type { FromMessageWorker } from './message-worker-protocol.ts';
import type { ParsedMessage } from '../message/parse-message.ts';

export class ReaderMessage {
  readonly #db: SatchelDatabase;
  readonly accountId: string;
  readonly uid: string;
  #record = $state.raw<MessageRecord | null>(null);
  #parsed = $state.raw<ParsedMessage | null>(null);
  #errorCode = $state<ReaderErrorCode | null>(null);
  #loading = $state(false);
  #busy = $state(false);
  #htmlView = $state.raw<HtmlView>({ kind: 'none' });
  readonly #createWorker: CreateMessageWorker | null | undefined;
  #job: MessageJob | null = null;
  #budgetTimer: ReturnType<typeof setTimeout> | null = null;
  #htmlText: { text: string; truncated: boolean } | null = null;
  #bounded: { html: string; cuts: HtmlCuts } | null = null;

  /** `createWorker`: null parses in the page; left out, a module Worker where there is one. */
  constructor(db: SatchelDatabase, accountId: string, uid: string, createWorker?: CreateMessageWorker | null) {
    this.#db = db;
    this.accountId = accountId;
    this.uid = uid;
    this.#createWorker = createWorker;
  }

  get record(): MessageRecord | null {
    return this.#record;
  }

  /** Headers, text and attachments; its `html` is always null: the HTML body is `htmlView`. */
  get parsed(): ParsedMessage | null {
    return this.#parsed;
  }

  get errorCode(): ReaderErrorCode | null {
    return this.#errorCode;
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** The HTML body: being prepared, bounded and ready for the sanitizer, or text in its place. */
  get htmlView(): HtmlView {
    return this.#htmlView;
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
    const openedAt = performance.now();
    this.#loading = true;
    this.#errorCode = null;
    try {
      const record = await this.#read(() => this.#db.get('messages', [this.accountId, this.uid]));
      if (record === undefined || record.deletedLocally) throw new ReaderError('READER_ERR_NOT_FOUND');
      this.#record = record;
      const raw = await this.#read(() => getMessageBody(this.#db, this.accountId, this.uid));
      if (raw === undefined) throw new ReaderError('READER_ERR_NO_BODY');
      this.#parsed = await this.#startJob(raw, openedAt);
      if (record.flags.seen) return false;
      // Not through setSeen: its busy flag disables the toolbar, and parsing in the Worker puts
      // this write a moment after the toolbar appears, where it swallowed a click on Delete.
      await this.#read(() => markSeen(this.#db, this.accountId, this.uid, true));
      const current = this.#record ?? record;
      this.#record = { ...current, flags: { ...current.flags, seen: true } };
      return true;
    } catch (error) {
      this.#errorCode = error instanceof ReaderError ? error.code : 'READER_ERR_STORAGE';
      return false;
    } finally {
      this.#loading = false;
    }
  }

  /**
   * Reads the message again, e.g. once its whole body is stored: what is shown stays until the
   * new parse replaces it, and the seen flag is left as it is. Errors leave the reader as it was.
   */
  async reload(): Promise<void> {
    try {
      const record = await this.#read(() => this.#db.get('messages', [this.accountId, this.uid]));
      if (record === undefined || record.deletedLocally) return;
      const raw = await this.#read(() => getMessageBody(this.#db, this.accountId, this.uid));
      this.#record = record;
      if (raw === undefined) return;
      this.#bounded = null;
      this.#htmlText = null;
      this.#parsed = await this.#startJob(raw, performance.now());
    } catch {
      // The stored message is unchanged; the reader keeps showing what it had.
    }
  }

  /** The user leaves this message: its Worker ends and nothing it would still send matters. */
  cancel(): void {
    this.#job?.cancel();
    this.#job = null;
    this.#clearBudget();
  }

  #clearBudget(): void {
    if (this.#budgetTimer !== null) clearTimeout(this.#budgetTimer);
    this.#budgetTimer = null;
  }

  /** "Show the HTML anyway": the bounded HTML as soon as it is ready, whatever the budgets said. */
  showHtmlAnyway(): void {
    const view = this.#htmlView;
    if (view.kind !== 'fallback') return;
    if (this.#bounded !== null) {
      this.#htmlView = { kind: 'ready', ...this.#bounded, rest: 'none' };
      return;
    }
    this.#htmlView = { ...view, insisted: true };
    if (view.reason === 'size') this.#job?.boundAnyway();
  }

  /** "Show the whole message": the whole of a long HTML body, in place of its first part. */
  showWhole(): void {
    const view = this.#htmlView;
    if (view.kind !== 'ready' || view.rest !== 'offered') return;
    this.#htmlView = { ...view, rest: 'preparing' };
    this.#job?.boundAnyway();
  }

  #startJob(raw: RawMessage, openedAt: number): Promise<ParsedMessage> {
    this.cancel();
    return new Promise((resolve, reject) => {
      const onEvent = (event: FromMessageWorker) => {
        switch (event.type) {
          case 'parsed':
            this.#parsed = event.message;
            if (event.hasHtml && event.htmlChars > HTML_SIZE_BUDGET) {
              // Said now, not when the Worker's 'html-over-size' comes: by then the time budget
              // may have passed and the reader would give the wrong reason.
              this.#htmlView = { kind: 'pending' };
              this.#fallBack('size');
            } else if (event.hasHtml) {
              this.#htmlView = { kind: 'pending' };
              // The budget counts from the start of open(): the user waits for all of it.
              const left = HTML_TIME_BUDGET_MS - (performance.now() - openedAt);
              this.#budgetTimer = setTimeout(() => this.#fallBack('time'), Math.max(0, left));
            } else {
              this.cancel();
            }
            resolve(event.message);
            break;
          case 'html-text':
            this.#htmlText = { text: event.text, truncated: event.truncated };
            // The time budget can pass before the text arrives: fill it in then.
            if (this.#htmlView.kind === 'fallback' && this.#htmlView.text === '') this.#htmlView = { ...this.#htmlView, ...capFallbackText(event.text, event.truncated) };
            break;
          case 'html-over-size':
            this.#fallBack('size');
            break;
          case 'bounded-html':
            if (event.partial) {
              // The first part of a long body, drawn now; the job stays for the whole.
              if (this.#htmlView.kind !== 'pending') break;
              this.#clearBudget();
              this.#htmlView = { kind: 'ready', html: event.html, cuts: event.cuts, rest: 'offered' };
              break;
            }
            this.#bounded = { html: event.html, cuts: event.cuts };
            this.cancel();
            if (this.#htmlView.kind === 'pending' || (this.#htmlView.kind === 'fallback' && this.#htmlView.insisted) || (this.#htmlView.kind === 'ready' && this.#htmlView.rest === 'preparing')) {
              this.#htmlView = { kind: 'ready', ...this.#bounded, rest: 'none' };
            }
            break;
          case 'failed':
            this.cancel();
            if (event.stage === 'parse') reject(new ReaderError('READER_ERR_PARSE', { cause: new Error(event.detail) }));
            else this.#fallBack('error');
            break;
        }
      };
      this.#job = this.#createWorker === undefined ? startMessageJob(raw, onEvent) : startMessageJob(raw, onEvent, this.#createWorker);
    });
  }

  /** Text in place of the HTML: the message's own text/plain part if it has one, else the HTML as text. */
  #fallBack(reason: HtmlFallbackReason): void {
    const view = this.#htmlView;
    // An error may also end the first part of a long body while its whole was being prepared.
    const replaceable = view.kind === 'fallback' || (view.kind === 'ready' && view.rest !== 'none');
    if (view.kind !== 'pending' && !(reason === 'error' && replaceable)) return;
    this.#clearBudget();
    const plain = this.#parsed?.text ?? '';
    const shown = plain.trim() !== '' ? capFallbackText(plain) : capFallbackText(this.#htmlText?.text ?? '', this.#htmlText?.truncated);
    this.#htmlView = { kind: 'fallback', reason, ...shown, insisted: false };
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
