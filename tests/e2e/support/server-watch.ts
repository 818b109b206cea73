/**
 * Watches a user's maildrop from outside while the app syncs: a fresh POP3 session lists
 * UIDL every few tens of milliseconds and every change is recorded with its time. A message
 * leaves the maildrop only at the QUIT of the session that sent its DELE (RFC 1939 §6).
 */
import type { E2eEnvironment, E2eMailUser } from './e2e-environment.ts';
import { serverUidls } from './pop3-probe.ts';

export interface ServerChange {
  at: number;
  removed: string[];
  added: string[];
}

export class ServerWatch {
  readonly changes: ServerChange[] = [];
  #last: Set<string>;
  #running = true;
  #loop: Promise<void>;
  #polls = 0;

  private constructor(e2e: E2eEnvironment, user: E2eMailUser, initial: string[], intervalMs: number) {
    this.#last = new Set(initial);
    this.#loop = this.#run(e2e, user, intervalMs);
  }

  static async start(e2e: E2eEnvironment, user: E2eMailUser, intervalMs = 50): Promise<ServerWatch> {
    return new ServerWatch(e2e, user, await serverUidls(e2e, user), intervalMs);
  }

  /** How many listings were taken; a watch that never polled proves nothing. */
  get polls(): number {
    return this.#polls;
  }

  get current(): Set<string> {
    return new Set(this.#last);
  }

  async #run(e2e: E2eEnvironment, user: E2eMailUser, intervalMs: number): Promise<void> {
    while (this.#running) {
      const now = new Set(await serverUidls(e2e, user));
      this.#polls++;
      const removed = [...this.#last].filter((uid) => !now.has(uid));
      const added = [...now].filter((uid) => !this.#last.has(uid));
      if (removed.length > 0 || added.length > 0) this.changes.push({ at: Date.now(), removed, added });
      this.#last = now;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** Stops after one last listing. */
  async stop(): Promise<ServerChange[]> {
    this.#running = false;
    await this.#loop;
    return this.changes;
  }
}
