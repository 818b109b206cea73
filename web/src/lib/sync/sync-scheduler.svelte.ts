// When to sync: on start, when the browser comes back online, every N minutes while the app
// is open, and when the user asks. After a failure it follows retry-policy.ts: backoff with
// jitter for a broken link, nothing until the next interval for LOGIN-DELAY, IN-USE or a
// refused login, so a bad server answer never becomes a retry storm.
import type { AccountRecord } from '../storage/index.ts';
import { backoffDelay, retryDecision, type BackoffOptions } from './retry-policy.ts';
import type { SyncError } from './sync-controller.svelte.ts';
import type { SyncSettings, SyncSummary } from './sync-messages.ts';

export interface SyncSchedulerOptions {
  controller: { sync(account: AccountRecord, password: string, settings: SyncSettings): Promise<SyncSummary> };
  accounts: () => AccountRecord[];
  /** The password held in memory for this session, or null if the user has not given it. */
  password: (accountId: string) => string | null;
  settings: (account: AccountRecord) => Promise<SyncSettings>;
  intervalMinutes: () => number;
  /** Where 'online' events come from. @default globalThis (the window) */
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  backoff?: BackoffOptions;
  /** @default Math.random */
  random?: () => number;
}

/** Why an account is not syncing right now. */
export type AccountWait =
  | { kind: 'backoff'; attempt: number; retryAt: number; code: string }
  | { kind: 'until-interval'; code: string };

type Trigger = 'start' | 'online' | 'interval' | 'retry' | 'now';

export class SyncScheduler {
  readonly #options: SyncSchedulerOptions;
  readonly #retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #attempts = new Map<string, number>();
  #intervalTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = true;
  #waits = $state<Record<string, AccountWait>>({});

  constructor(options: SyncSchedulerOptions) {
    this.#options = options;
  }

  /** Per account: why it is waiting, if it is. */
  get waits(): Readonly<Record<string, AccountWait>> {
    return this.#waits;
  }

  /** Syncs now and then on every trigger; returns the function that stops it all. */
  start(): () => void {
    this.#stopped = false;
    const events = this.#options.events ?? globalThis;
    const online = (): void => void this.#syncAll('online');
    events.addEventListener('online', online);
    this.#armInterval();
    void this.#syncAll('start');
    return () => {
      this.#stopped = true;
      events.removeEventListener('online', online);
      clearTimeout(this.#intervalTimer);
      for (const timer of this.#retryTimers.values()) clearTimeout(timer);
      this.#retryTimers.clear();
    };
  }

  /** The user pressed sync: clears every wait and backoff, and syncs all accounts. */
  syncNow(): Promise<void> {
    return this.#syncAll('now');
  }

  #armInterval(): void {
    const minutes = this.#options.intervalMinutes();
    if (!(minutes > 0)) return;
    this.#intervalTimer = setTimeout(() => {
      if (this.#stopped) return;
      this.#armInterval();
      void this.#syncAll('interval');
    }, minutes * 60_000);
  }

  async #syncAll(trigger: Trigger): Promise<void> {
    await Promise.all(this.#options.accounts().map((account) => this.#syncOne(account, trigger)));
  }

  async #syncOne(account: AccountRecord, trigger: Trigger): Promise<void> {
    if (this.#stopped && trigger !== 'now') return;
    const wait = this.#waits[account.id];
    // The interval and the user lift every wait; 'online' and 'start' respect them, and a
    // retry timer is the one that lifts its own backoff.
    if (trigger === 'interval' || trigger === 'now' || trigger === 'retry') {
      if (trigger !== 'retry') this.#attempts.delete(account.id);
      this.#clearWait(account.id);
    } else if (wait !== undefined) {
      return;
    }
    const password = this.#options.password(account.id);
    if (password === null) return;
    try {
      const settings = await this.#options.settings(account);
      await this.#options.controller.sync(account, password, settings);
      this.#attempts.delete(account.id);
    } catch (error) {
      this.#onFailure(account, (error as Partial<SyncError>).code ?? 'SYNC_ERR_INTERNAL');
    }
  }

  #onFailure(account: AccountRecord, code: string): void {
    if (this.#stopped) return;
    const attempt = (this.#attempts.get(account.id) ?? 0) + 1;
    const maxAttempts = this.#options.backoff?.maxAttempts ?? 6;
    if (retryDecision(code) === 'wait-for-interval' || attempt > maxAttempts) {
      this.#waits[account.id] = { kind: 'until-interval', code };
      return;
    }
    this.#attempts.set(account.id, attempt);
    const delay = backoffDelay(attempt, this.#options.backoff ?? {}, this.#options.random ?? Math.random);
    this.#waits[account.id] = { kind: 'backoff', attempt, retryAt: Date.now() + delay, code };
    this.#retryTimers.set(account.id, setTimeout(() => {
      this.#retryTimers.delete(account.id);
      void this.#syncOne(account, 'retry');
    }, delay));
  }

  #clearWait(accountId: string): void {
    clearTimeout(this.#retryTimers.get(accountId));
    this.#retryTimers.delete(accountId);
    delete this.#waits[accountId];
  }
}
